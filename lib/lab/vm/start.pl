# The micro-VM's agent, started by boot.sh before the VM is saved (lib/lab/vm/vm_state.ts): perl
# and the modules the agent uses come from the initramfs, loaded now, so that a restored VM has
# them at no cost. It waits for the host's first line on the agent's port ("start <random bytes,
# hex>"): that is where the VM is saved, and where every VM restored from it goes on. Then it
# sets the clock from the RTC (qemu's, which follows the host's clock, also across a restore),
# mounts the host's /usr (read-only) and the lab's /usr/local, and becomes the agent
# (lib/lab/agent.pl), which seeds the kernel's random generator with those bytes.
use strict;
use warnings;
use POSIX ();
use Fcntl ();
use Errno ();

# The RTC's time (RTC_RD_TIME: seconds, minutes, hours, day, month - 1, year - 1900, in UTC) made
# the system's (clock_settime(CLOCK_REALTIME), x86_64's system call 227).
sub set_clock {
  open(my $rtc, '<', '/dev/rtc0') or return 0;
  my $tm = "\0" x 36;
  ioctl($rtc, 0x80247009, $tm) or return 0;
  my ($sec, $min, $hour, $mday, $mon, $year) = unpack('i6', $tm);
  local $ENV{TZ} = 'UTC';
  my $time = POSIX::mktime($sec, $min, $hour, $mday, $mon, $year) // return 0;
  return syscall(227, 0, my $ts = pack('qq', $time, 0)) == 0;
}
print STDERR "netbook: waiting for the host\n";
my $line = '';
while (substr($line, -1) ne "\n") {
  my $n = sysread(STDIN, $line, 1, length $line);
  next if !defined $n && $!{EINTR};
  die "netbook: the host said nothing before closing the agent's port\n" unless $n;
  die "netbook: the host's first line is too long\n" if length $line > 1024;
}
my ($word, $seed) = split ' ', $line;
die "netbook: the host's first line was not understood\n"
  unless $word eq 'start' && defined $seed && $seed =~ /\A[0-9a-f]+\z/;
set_clock() or print STDERR "netbook: the clock was not set from the RTC: $!\n";
# Read-only here (MS_RDONLY | MS_NODEV); and qemu refuses any write to the share (readonly=on),
# whatever the guest mounts. (mount is x86_64's system call 165; MS_BIND is 4096.)
syscall(165, my $tag = 'host-usr', my $usr = '/usr', my $fs = '9p', 1 | 4,
  my $options = 'trans=virtio,version=9p2000.L,cache=loose') == 0
  or die "netbook: the host's /usr could not be mounted over 9p: $!\n";
syscall(165, my $local = '/netbook/local', my $at = '/usr/local', 0, 4096, 0) == 0
  or print STDERR "netbook: /usr/local is the host's: $!\n";
# The lab's own perl is the host's, with its own modules; its locales are there now.
delete $ENV{PERL5LIB};
$ENV{LANG} = 'C.UTF-8';
$ENV{NETBOOK_SEED} = $seed;
do '/netbook/agent.pl';
die "netbook: the agent ended: $@" if $@;
die "netbook: the agent could not be read: $!\n";
