# netbook's lab agent. It runs inside the lab (a sandbox or a VM) and runs each command line it
# is sent with bash, sending back what the command printed and how it ended. Perl because it is
# on every Debian system (perl-base is essential) and needs no build; only modules of perl-base.
#
# Requests, on standard input:   "<id> run <length>\n<command bytes>"   "<id> kill 0\n"
# Replies, on standard output:   "ready\n" once, then per command any number of
#                                "<id> 1 <length>\n<bytes>" (stdout) and "<id> 2 <length>\n<bytes>"
#                                (stderr), then "<id> x <exit code> <bytes dropped>\n" (128 + N
#                                for signal N). A command keeps at most $OUTPUT_LIMIT bytes of each
#                                stream: the rest is read, counted and dropped as it is printed.
# "kill" sends SIGTERM to the command's process group, SIGKILL two seconds later. When standard
# input closes, the agent exits, and the lab (its PID namespace, or the VM) ends with it.
#
# The channel belongs to the runner: lab commands cannot reach the agent. They run in a PID
# namespace of their own, nested in the agent's, with a /proc that shows only that namespace (the
# agent's is unmounted), so no command can see the agent, signal it, trace it or take its file
# descriptors (pidfd_getfd). Each command is a child of the agent, which learns how it ended from
# the kernel (waitpid), not from anything in the lab, and reads its output from pipes of its own.
# A command costs what it would in a shell: the next command's bash is started ahead, and waits.
use strict;
use warnings;
use POSIX ();
use Fcntl qw(F_GETFL F_SETFL O_NONBLOCK);

binmode STDIN;
binmode STDOUT;
$SIG{PIPE} = 'IGNORE';

# Output a command may keep, per stream (lib/lab/agent_client.ts reads this line).
my $OUTPUT_LIMIT = 16777216;
# Ended commands whose output is still held open by what they left running (read and dropped).
my $MAX_LINGERING = 256;
# Output goes to the runner in frames of at least this many bytes (the last of a stream: fewer).
my $CHUNK = 65536;

# System calls that Perl has no built-in for, by architecture (the generic table: arm64, riscv).
my %SYSCALLS = (
  x86_64 => { unshare => 272, mount => 165, umount2 => 166, prctl => 157, pidfd_open => 434 },
  aarch64 => { unshare => 97, mount => 40, umount2 => 39, prctl => 167, pidfd_open => 434 },
  riscv64 => { unshare => 97, mount => 40, umount2 => 39, prctl => 167, pidfd_open => 434 },
);
my $SYS = $SYSCALLS{(POSIX::uname())[4]}
  or die "netbook's agent does not know the system calls of " . (POSIX::uname())[4] . "\n";
my ($CLONE_NEWPID, $MS_NOSUID, $MS_NODEV, $MS_NOEXEC, $MS_MOVE, $MNT_DETACH) =
  (0x20000000, 2, 4, 8, 8192, 2);
my $PR_CAPBSET_DROP = 24;

# As the kernel's own root (the micro-VM), commands give up what reaches past their lab into the
# kernel: loading modules, raw devices and I/O ports, tracing other processes, BPF and perf,
# rebooting. (In the netns lab they are root of a user namespace, where these give nothing.)
my @DROPPED = (16, 17, 19, 22, 38, 39);   # sys_module, sys_rawio, sys_ptrace, sys_boot, perfmon, bpf
my $REAL_ROOT = do {
  my $map = '';
  if (open(my $fh, '<', '/proc/self/uid_map')) { $map = <$fh> // ''; }
  $map =~ /^\s*0\s+0\s+4294967295\s*$/;
};

# Each command runs as `bash -c` would run it: its line numbers, its $0; in /root, as a login.
my $WORKER = 'unset NETBOOK_WORKER; IFS= read -r -d "" __nb_cmd; exec </dev/null; '
  . 'builtin cd /root 2>/dev/null || builtin cd /; unset OLDPWD; eval "$__nb_cmd"';

my %jobs;        # running commands, by id (each one a worker with `id`, `kept`, `dropped`)
my %children;    # by PID: the spare worker, each running command's worker, the lab's init
my @lingering;   # output pipes of ended commands that something in the lab still holds open
my $spare;
my $reaper;
my $poll = 0;    # no pidfd here: look for ended children every 50 ms
my $input = '';

sub send_all {
  my ($data) = @_;
  while (length $data) {
    my $n = syswrite(STDOUT, $data);
    if (!defined $n) { next if $!{EINTR}; exit 0; }
    substr($data, 0, $n) = '';
  }
}

sub nonblocking {
  my ($fh) = @_;
  fcntl($fh, F_SETFL, fcntl($fh, F_GETFL, 0) | O_NONBLOCK) or die "fcntl: $!";
}

# A handle that becomes readable when the process ends (Linux 5.3 and later), or undef.
sub pidfd {
  my ($pid) = @_;
  my $fd = syscall($SYS->{pidfd_open}, $pid + 0, 0);
  my $fh;
  if ($fd < 0 || !open($fh, '<&=', $fd)) { $poll = 1; return undef; }
  return $fh;
}

# The commands' PID namespace: the agent's children are born in it, the agent stays outside.
syscall($SYS->{unshare}, $CLONE_NEWPID) == 0
  or die "netbook's agent cannot make a PID namespace for the lab's commands: $!\n";

# Its first process (its init) reaps what commands leave behind, and first gives the lab a /proc
# of that namespace only: mounted beside the agent's, which is then unmounted, then moved to /proc.
sub start_init {
  pipe(my $ready_r, my $ready_w) or die "pipe: $!";
  my $pid = fork // die "fork: $!";
  if (!$pid) {
    close $ready_r;
    open(STDIN, '<', '/dev/null');
    open(STDOUT, '>', '/dev/null');
    $0 = 'netbook-init';
    my $tmp = '/run/netbook-proc';
    mkdir $tmp, 0700;
    # (syscall() wants strings it could write to: variables, not constants.)
    my ($proc, $dir, $flags) = ('proc', '/proc', $MS_NOSUID | $MS_NODEV | $MS_NOEXEC);
    my $why = syscall($SYS->{mount}, $proc, $tmp, $proc, $flags, 0) != 0 ? "mount proc: $!"
      : syscall($SYS->{umount2}, $dir, $MNT_DETACH) != 0 ? "umount /proc: $!"
      : syscall($SYS->{mount}, $tmp, $dir, 0, $MS_MOVE, 0) != 0 ? "move proc: $!"
      : '';
    rmdir $tmp;
    syswrite($ready_w, $why eq '' ? "ok\n" : "$why\n");
    close $ready_w;
    POSIX::_exit(1) if $why ne '';
    while (1) { sleep 1 if waitpid(-1, 0) < 0; }
  }
  close $ready_w;
  my $said = <$ready_r> // "it ended\n";
  chomp $said;
  die "netbook's agent could not give the lab's commands a /proc of their own ($said)\n"
    if $said ne 'ok';
  $reaper = { pid => $pid, pidfd => pidfd($pid) };
  $children{$pid} = $reaper;
}

# A bash that waits for one command line on a pipe, its output going to two pipes of the agent.
sub spawn_worker {
  pipe(my $cmd_r, my $cmd_w) or die "pipe: $!";
  pipe(my $out_r, my $out_w) or die "pipe: $!";
  pipe(my $err_r, my $err_w) or die "pipe: $!";
  my $pid = fork // die "fork: $!";
  if (!$pid) {
    POSIX::setpgid(0, 0);
    open(STDIN, '<&', $cmd_r) or POSIX::_exit(127);
    open(STDOUT, '>&', $out_w) or POSIX::_exit(127);
    open(STDERR, '>&', $err_w) or POSIX::_exit(127);
    # When the lab runs out of memory, the kernel's killer takes a command before the agent.
    if (open(my $adj, '>', '/proc/self/oom_score_adj')) { print $adj "500\n"; close $adj; }
    if ($REAL_ROOT) { syscall($SYS->{prctl}, $PR_CAPBSET_DROP, $_, 0, 0, 0) for @DROPPED; }
    $ENV{NETBOOK_WORKER} = $WORKER;
    exec { 'bash' } 'bash', '-c', 'eval "$NETBOOK_WORKER"', 'bash' or POSIX::_exit(127);
  }
  POSIX::setpgid($pid, $pid);
  close $_ for $cmd_r, $out_w, $err_w;
  nonblocking($_) for $cmd_w, $out_r, $err_r;
  my $w = { pid => $pid, pidfd => pidfd($pid), cmd => $cmd_w, input => '', out => [$out_r, $err_r] };
  $children{$pid} = $w;
  return $w;
}

sub start {
  my ($id, $command) = @_;
  if (index($command, "\0") >= 0) {
    my $why = "netbook: a command line cannot hold a NUL byte\n";
    send_all("$id 2 " . length($why) . "\n$why$id x 2 0\n");
    return;
  }
  my $w = $spare // spawn_worker();
  @$w{qw(id kept pending dropped input)} = ($id, [0, 0], ['', ''], 0, $command);
  $jobs{$id} = $w;
  feed($w);
  $spare = spawn_worker();
}

# Writes what is left of a command line to its worker, without waiting; then closes the pipe.
sub feed {
  my ($w) = @_;
  while (length $w->{input}) {
    my $n = syswrite($w->{cmd}, $w->{input});
    if (!defined $n) {
      next if $!{EINTR};
      return if $!{EAGAIN};
      last;    # the worker is gone: its end says how
    }
    substr($w->{input}, 0, $n) = '';
  }
  close $w->{cmd};
  $w->{cmd} = undef;
}

sub stop {
  my ($id) = @_;
  my $job = $jobs{$id} or return;
  kill('TERM', -$job->{pid});
  $job->{killed_at} //= time;
}

# Reads once from a command's output pipe: kept up to the limit, the rest counted and dropped
# (`$job` undef: all dropped). What is kept is sent in frames of at least $CHUNK bytes, and the
# rest once the command has ended. False once the pipe has ended.
sub pump {
  my ($job, $stream, $fh) = @_;
  my $got = sysread($fh, my $data, $CHUNK);
  return 1 if !defined $got && ($!{EINTR} || $!{EAGAIN});
  return 0 if !$got;
  return 1 unless $job;
  my $room = $OUTPUT_LIMIT - $job->{kept}[$stream];
  if ($room < $got) {
    $job->{dropped} += $got - ($room > 0 ? $room : 0);
    $data = $room > 0 ? substr($data, 0, $room) : '';
  }
  $job->{kept}[$stream] += length $data;
  $job->{pending}[$stream] .= $data;
  flush($job, $stream) if length $job->{pending}[$stream] >= $CHUNK;
  return 1;
}

sub flush {
  my ($job, $stream) = @_;
  my $data = $job->{pending}[$stream];
  return unless length $data;
  send_all("$job->{id} " . ($stream + 1) . " " . length($data) . "\n$data");
  $job->{pending}[$stream] = '';
}

# Whether a pipe has something to read (or has ended) right now.
sub readable {
  my ($fh) = @_;
  my $bits = '';
  vec($bits, fileno($fh), 1) = 1;
  return select($bits, undef, undef, 0) > 0;
}

# A child of the agent ended: a command (it is answered), the spare worker, or the lab's init.
sub ended {
  my ($pid, $status) = @_;
  my $child = delete $children{$pid} or return;
  close $child->{pidfd} if $child->{pidfd};
  # Without its init the commands' namespace is gone, every command with it: the lab has ended.
  exit 0 if $child == $reaper;
  $spare = undef if $spare && $child == $spare;
  close $child->{cmd} if $child->{cmd};
  my $job = defined $child->{id} ? delete $jobs{$child->{id}} : undef;
  my $code = POSIX::WIFSIGNALED($status) ? 128 + POSIX::WTERMSIG($status)
    : POSIX::WEXITSTATUS($status);
  # What it printed before it ended is in the pipes; pipes still held open by what it left
  # running are read from (and dropped) until they end.
  for my $stream (0, 1) {
    if (my $fh = $child->{out}[$stream]) {
      my $open = 1;
      $open = pump($job, $stream, $fh) while $open && readable($fh);
      if ($open) { push @lingering, $fh; } else { close $fh; }
    }
    flush($job, $stream) if $job;
  }
  close(shift @lingering) while @lingering > $MAX_LINGERING;
  send_all("$job->{id} x $code $job->{dropped}\n") if $job;
}

sub reap {
  while ((my $pid = waitpid(-1, POSIX::WNOHANG())) > 0) { ended($pid, $?); }
}

chdir '/';
start_init();
$spare = spawn_worker();
send_all("ready\n");
while (1) {
  my ($bits, $wbits) = ('', '');
  vec($bits, fileno(STDIN), 1) = 1;
  for my $child (values %children) {
    vec($bits, fileno($child->{pidfd}), 1) = 1 if $child->{pidfd};
    vec($wbits, fileno($child->{cmd}), 1) = 1 if $child->{cmd} && length $child->{input};
  }
  for my $job (values %jobs) { vec($bits, fileno($_), 1) = 1 for grep {$_} @{$job->{out}}; }
  vec($bits, fileno($_), 1) = 1 for @lingering;
  my $killing = grep { defined $_->{killed_at} } values %jobs;
  my $wait = $poll ? 0.05 : $killing ? 0.25 : undef;
  my $n = select(my $ready = $bits, my $writable = $wbits, undef, $wait);
  for my $job (values %jobs) {
    kill('KILL', -$job->{pid}) if defined $job->{killed_at} && time - $job->{killed_at} >= 2;
  }
  reap();
  next if $n <= 0;
  for my $job (values %jobs) {
    for my $stream (0, 1) {
      my $fh = $job->{out}[$stream] or next;
      next unless vec($ready, fileno($fh), 1);
      # A stream that ends before its command does: the command's end is answered as usual.
      if (!pump($job, $stream, $fh)) { close $fh; $job->{out}[$stream] = undef; }
    }
  }
  @lingering = grep {
    my $fh = $_;
    my $open = !vec($ready, fileno($fh), 1) || pump(undef, 0, $fh);
    close $fh unless $open;
    $open;
  } @lingering;
  for my $job (values %jobs) {
    feed($job) if $job->{cmd} && vec($writable, fileno($job->{cmd}), 1);
  }
  if (vec($ready, fileno STDIN, 1)) {
    my $got = sysread(STDIN, my $data, 65536);
    next if !defined $got && $!{EINTR};
    exit 0 if !$got;
    $input .= $data;
    while ($input =~ /\A(\d+) (run|kill) (\d+)\n/) {
      my ($id, $verb, $length, $head) = ($1, $2, $3, length $&);
      last if length($input) < $head + $length;
      my $payload = substr($input, $head, $length);
      substr($input, 0, $head + $length) = '';
      $verb eq 'run' ? start($id, $payload) : stop($id);
    }
  }
}
