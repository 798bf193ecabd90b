#!/netbook/busybox sh
# The micro-VM's first process (/init). The VM's root is a small initramfs; its /usr is this
# machine's, which qemu shares read-only over 9p: the tools, their libraries and the kernel's
# modules are the host's own.
#
# This does what needs nothing of the host: it loads the modules in /netbook/modules/order (the
# virtio transport and console, 9p, the bridge's netfilter), mounts what a Linux system has,
# and starts the lab's agent (start.pl, with the initramfs's own perl) on the virtio-serial
# port named "netbook", whose other end is qemu's standard input and output. The agent waits for
# the host's first line: the point where the VM is saved and restored (lib/lab/vm/vm_state.ts).
# When the host closes the port, the agent ends, and with it the VM (init exiting panics the
# kernel, and qemu, run with -no-reboot, exits).
bb=/netbook/busybox
while read -r module; do
  $bb insmod "/netbook/modules/$module" || echo "netbook: insmod $module failed" >&2
done </netbook/modules/order
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
port=
while [ -z "$port" ]; do
  for p in /sys/class/virtio-ports/*; do
    [ "$($bb cat "$p/name" 2>/dev/null)" = netbook ] && port=/dev/${p##*/}
  done
  [ -n "$port" ] && [ -e "$port" ] || { port=; $bb usleep 10000; }
done
cd /root
# The initramfs's perl runs by its own loader and libraries: /usr is not there yet.
$bb env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin HOME=/root TERM=dumb \
  PERL5LIB=/netbook/perl/lib /netbook/lib/ld.so --library-path /netbook/lib \
  /netbook/perl/perl /netbook/start.pl <>"$port" >&0 &
# As the first process, this shell inherits every orphan (a daemon whose parent ended) and must
# reap it; busybox's wait reaps any child while it waits for the agent. Then the VM ends.
wait $!
