#!/netbook/busybox sh
# The micro-VM's first process (/init). The VM's root is a small initramfs; its /usr is this
# machine's, which qemu shares read-only over 9p: the tools, their libraries and the kernel's
# modules are the host's own. This loads what reading that share takes (the modules listed in
# /netbook/modules/order, in that order), mounts it, gives the lab a /usr/local of its own, and
# hands over to init.sh, which starts the lab's agent.
bb=/netbook/busybox
while read -r module; do
  $bb insmod "/netbook/modules/$module" || echo "netbook: insmod $module failed" >&2
done </netbook/modules/order
# ro here; and qemu refuses any write to the share (readonly=on), whatever the guest mounts.
if ! $bb mount -t 9p -o ro,nodev,trans=virtio,version=9p2000.L,cache=loose host-usr /usr; then
  echo "netbook: the host's /usr could not be mounted over 9p" >&2
  exit 1
fi
$bb mount -o bind /netbook/local /usr/local || echo "netbook: /usr/local is the host's" >&2
exec $bb sh /netbook/init.sh
