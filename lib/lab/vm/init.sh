#!/netbook/busybox sh
# After boot.sh (which mounts /usr): mounts what a Linux system has, loads the virtio console, and
# starts netbook's lab agent (lib/lab/agent.pl) on the virtio-serial port named "netbook", whose
# other end is qemu's standard input and output. When the host closes it, the agent ends, and
# with it the VM (init exiting panics the kernel, and qemu, run with -no-reboot, exits).
bb=/netbook/busybox
$bb mount -t proc -o nosuid,nodev,noexec proc /proc
$bb mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
$bb mount -t devtmpfs -o nosuid devtmpfs /dev
$bb mkdir -p /dev/pts /dev/shm
$bb mount -t devpts -o nosuid,noexec devpts /dev/pts
$bb mount -t tmpfs -o nosuid,nodev tmpfs /dev/shm
$bb mount -t tmpfs -o nosuid,nodev,mode=755 tmpfs /run
# /run/lab: where the cells keep the output of background commands (lib/cell/background.ts).
$bb mkdir -p /run/netns /run/lock /run/bird /run/lab
$bb hostname lab
# virtio_pci finds the serial device; br_netfilter is loaded as on a Kubernetes node (and on
# the host of the netns lab), so bridged traffic passes iptables there too.
/usr/sbin/modprobe -a virtio_pci virtio_console br_netfilter || echo "netbook: modprobe failed" >&2
port=
while [ -z "$port" ]; do
  for p in /sys/class/virtio-ports/*; do
    [ "$($bb cat "$p/name" 2>/dev/null)" = netbook ] && port=/dev/${p##*/}
  done
  [ -n "$port" ] && [ -e "$port" ] || { port=; $bb usleep 10000; }
done
cd /root
$bb env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin HOME=/root \
  LANG=C.UTF-8 TERM=dumb /usr/bin/perl /netbook/agent.pl <>"$port" >&0 &
# As the first process, this shell inherits every orphan (a daemon whose parent ended) and must
# reap it; busybox's wait reaps any child while it waits for the agent. Then the VM ends.
wait $!
