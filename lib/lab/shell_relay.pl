# netbook's lab shell relay. It runs inside the lab, as a lab command whose standard input and
# output are streamed to the host (the agent's "open"), and runs bash for the learner: on a
# pseudo-terminal of the lab's own (mode "tty"), or reading commands from a pipe (mode "pipe",
# for scripts). Only core Perl (perl-base) is used.
#
# From the host, on standard input:  "d <length>\n<bytes>"  the learner's input
#                                    "w <rows> <cols>\n"     the terminal's new size
#                                    "r <length>\n<bytes>"   the answer to a request (below)
#                                    "e\n"                   the input has ended
# To the host, on standard output:   "o <length>\n<bytes>"  what the shell printed
#                                    "E <length>\n<bytes>"  its standard error (pipe mode)
#                                    "c <length>\n<word>"   a request: check, hint, solution, task
#                                    "x <code>\n"            the shell ended so
# The shell's `check`, `hint`, `solution` and `task` write their word to fd 58 and read the
# answer ("<exit code>\0<text>\0") from fd 59: a channel of its own, never the terminal's bytes.
use strict;
use warnings;
use POSIX ();

my ($mode, $rows, $cols, $term, $rc) = @ARGV;
binmode STDIN;
binmode STDOUT;
$SIG{PIPE} = 'IGNORE';

my $TIOCSPTLCK = 0x40045431;
my $TIOCGPTN = 0x80045430;
my $TIOCSCTTY = 0x540E;
my $TIOCSWINSZ = 0x5414;

sub send_all {
  my ($data) = @_;
  while (length $data) {
    my $n = syswrite(STDOUT, $data);
    if (!defined $n) { next if $!{EINTR}; exit 0; }
    substr($data, 0, $n) = '';
  }
}

sub frame { my ($kind, $data) = @_; send_all("$kind " . length($data) . "\n$data"); }

sub winsize { pack('S4', $_[0] || 24, $_[1] || 80, 0, 0) }

pipe(my $rc_r, my $rc_w) or die "pipe: $!";
pipe(my $ask_r, my $ask_w) or die "pipe: $!";
pipe(my $answer_r, my $answer_w) or die "pipe: $!";
syswrite($rc_w, $rc);
close $rc_w;

my ($to_shell, $from_shell, $from_stderr, $slave);
if ($mode eq 'tty') {
  sysopen(my $master, '/dev/ptmx', POSIX::O_RDWR() | POSIX::O_NOCTTY()) or die "/dev/ptmx: $!";
  my $unlock = pack('i', 0);
  ioctl($master, $TIOCSPTLCK, $unlock) or die "unlockpt: $!";
  my $n = pack('I', 0);
  ioctl($master, $TIOCGPTN, $n) or die "ptsname: $!";
  $slave = '/dev/pts/' . unpack('I', $n);
  my $size = winsize($rows, $cols);
  ioctl($master, $TIOCSWINSZ, $size);
  ($to_shell, $from_shell) = ($master, $master);
} else {
  pipe(my $in_r, my $in_w) or die "pipe: $!";
  pipe(my $out_r, my $out_w) or die "pipe: $!";
  pipe(my $err_r, my $err_w) or die "pipe: $!";
  ($to_shell, $from_shell, $from_stderr) = ($in_w, $out_r, $err_r);
  $slave = [$in_r, $out_w, $err_w];
}

my $pid = fork;
die "fork: $!" if !defined $pid;
if (!$pid) {
  POSIX::setsid();
  if (ref $slave) {
    POSIX::dup2(fileno $slave->[$_], $_) for 0 .. 2;
  } else {
    sysopen(my $tty, $slave, POSIX::O_RDWR()) or die "$slave: $!";
    ioctl($tty, $TIOCSCTTY, 0);
    POSIX::dup2(fileno $tty, $_) for 0 .. 2;
  }
  POSIX::dup2(fileno $rc_r, 57);
  POSIX::dup2(fileno $ask_w, 58);
  POSIX::dup2(fileno $answer_r, 59);
  $ENV{TERM} = $term if $term =~ /\A[A-Za-z0-9._+-]+\z/;
  delete $ENV{NETBOOK_WORKER};
  if ($mode eq 'tty') {
    exec('bash', '--rcfile', '/proc/self/fd/57', '-i');
  } else {
    $ENV{BASH_ENV} = '/proc/self/fd/57';
    exec('bash');
  }
  exit 127;
}
close $_ for grep { defined } $rc_r, $ask_w, $answer_r;
if (ref $slave) { close $_ for @$slave; }

my $input = '';
my $asked = '';
my $status;
# The shell may end while something it started still holds its terminal: its end is the end.
$SIG{CHLD} = sub {};
my $in_open = 1;
my @sources = ($from_shell, $ask_r, defined $from_stderr ? $from_stderr : ());
my %kind = (fileno($from_shell) => 'o', fileno($ask_r) => 'c');
$kind{fileno $from_stderr} = 'E' if defined $from_stderr;

while (@sources) {
  my $bits = '';
  vec($bits, fileno($_), 1) = 1 for @sources;
  vec($bits, fileno(STDIN), 1) = 1 if $in_open;
  my $n = select(my $ready = $bits, undef, undef, defined $status ? 0 : undef);
  if (!defined $status && waitpid($pid, POSIX::WNOHANG()) == $pid) {
    $status = $?;
    next;
  }
  last if $n <= 0 && defined $status;
  next if $n <= 0;
  for my $fh (@sources) {
    next unless vec($ready, fileno $fh, 1);
    my $got = sysread($fh, my $data, 65536);
    next if !defined $got && $!{EINTR};
    if (!$got) {
      # The shell's side is closed (EIO on a terminal whose last user left): it has ended.
      @sources = grep { $_ != $fh } @sources;
      @sources = () if $fh == $from_shell;
      next;
    }
    my $kind = $kind{fileno $fh};
    if ($kind eq 'c') {
      $asked .= $data;
      while ($asked =~ s/\A([^\n]*)\n//) { frame('c', $1); }
    } else {
      frame($kind, $data);
    }
  }
  next unless $in_open && vec($ready, fileno STDIN, 1);
  my $got = sysread(STDIN, my $data, 65536);
  next if !defined $got && $!{EINTR};
  if (!$got) {
    # The host went away: hang up on the shell.
    $in_open = 0;
    kill('HUP', -$pid);
    close $to_shell if $mode ne 'tty';
    next;
  }
  $input .= $data;
  while (1) {
    if ($input =~ /\A([dr]) (\d+)\n/) {
      my ($what, $length, $head) = ($1, $2, length $&);
      last if length($input) < $head + $length;
      my $payload = substr($input, $head, $length);
      substr($input, 0, $head + $length) = '';
      my $to = $what eq 'd' ? $to_shell : $answer_w;
      while (length $payload) {
        my $w = syswrite($to, $payload);
        if (!defined $w) { next if $!{EINTR}; last; }
        substr($payload, 0, $w) = '';
      }
    } elsif ($input =~ s/\Aw (\d+) (\d+)\n//) {
      my $size = winsize($1, $2);
      ioctl($to_shell, $TIOCSWINSZ, $size) if $mode eq 'tty';
    } elsif ($input =~ s/\Ae\n//) {
      close $to_shell if $mode ne 'tty';
    } else {
      last;
    }
  }
}
if (!defined $status) { waitpid($pid, 0); $status = $?; }
my $code = $status & 127 ? 128 + ($status & 127) : $status >> 8;
send_all("x $code\n");
exit $code;
