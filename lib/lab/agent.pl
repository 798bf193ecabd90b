# netbook's lab agent. It runs inside the lab (a sandbox or a VM) and runs each command line it
# is sent with bash, sending back what the command printed and how it ended. Perl because it is
# on every Debian system (perl-base is essential) and needs no build; only modules of perl-base.
#
# Requests, on standard input:   "<id> run <length> <token>\n<command bytes>"   "<id> kill 0\n"
# Replies, on standard output:   "ready\n" once, then per command any number of
#                                "<id> 1 <length>\n<bytes>" (stdout) and "<id> 2 <length>\n<bytes>"
#                                (stderr), then "<id> x <exit code> <bytes dropped> <token>\n"
#                                (128 + N for signal N; the token is the request's, which only the
#                                runner and the agent know). Output comes in frames of at least $CHUNK bytes
#                                but for the last of each stream. A command keeps at most
#                                $OUTPUT_LIMIT bytes of each stream: the rest is read, counted and
#                                dropped as it is printed.
# Streams (the lab shell):       "<id> open <length> <token>\n<command bytes>" runs a command as
# "run" does, but with its standard input a stream: "<id> in <length>\n<bytes>" feeds it,
# "<id> eof 0\n" closes it; what it prints (stderr joined to stdout) comes back at once, in frames
# of any size, with no limit.
# "kill" sends SIGTERM to the command's process group, SIGKILL two seconds later. When standard
# input closes, the agent exits, and the lab (its PID namespace, or the VM) ends with it.
#
# The channel belongs to the runner: lab commands cannot reach the agent. They run in a PID
# namespace nested in the agent's, with a /proc that shows only that namespace (the agent's is
# unmounted), so no command can see the agent or its workers, signal them, trace them or take
# their file descriptors (pidfd_getfd). A command's output goes through named pipes in a folder
# that no path leads to (a file system mounted, entered and detached), read by the agent as it
# comes; how a command ended is said by its worker, which commands cannot reach either.
#
# A command costs what it would in a shell: bash workers wait with their start-up already paid,
# and run each command in a subshell (a fork, no exec). Commands may overlap: each takes an idle
# worker, or a new one.
use strict;
use warnings;
use POSIX ();
use Fcntl qw(F_GETFL F_SETFL O_NONBLOCK O_RDONLY O_WRONLY);

binmode STDIN;
binmode STDOUT;
$SIG{PIPE} = 'IGNORE';

# Output a command may keep, per stream (lib/lab/agent_client.ts reads this line).
my $OUTPUT_LIMIT = 16777216;
# Output goes to the runner in frames of at least this many bytes (the last of a stream: fewer).
my $CHUNK = 65536;
# Ended commands whose output is still held open by what they left running (read and dropped).
my $MAX_LINGERING = 256;
# Limits of each command, if the lab is given them (bash's `ulimit` options: -u processes at once,
# -v KiB of address space per process), from NETBOOK_ULIMIT, e.g. "-u 512 -v 1048576".
my $ULIMIT = delete $ENV{NETBOOK_ULIMIT} // '';
$ULIMIT = '' unless $ULIMIT =~ /\A(?:-[uv] \d+ ?)*\z/;

# System calls that Perl has no built-in for, by architecture (the generic table: arm64, riscv).
my %SYSCALLS = (
  x86_64 => { unshare => 272, setns => 308, mount => 165, umount2 => 166, prctl => 157 },
  aarch64 => { unshare => 97, setns => 268, mount => 40, umount2 => 39, prctl => 167 },
  riscv64 => { unshare => 97, setns => 268, mount => 40, umount2 => 39, prctl => 167 },
);
my $SYS = $SYSCALLS{(POSIX::uname())[4]}
  or die "netbook's agent does not know the system calls of " . (POSIX::uname())[4] . "\n";
my ($CLONE_NEWPID, $MS_NOSUID, $MS_NODEV, $MS_NOEXEC, $MS_MOVE, $MNT_DETACH, $PR_CAPBSET_DROP) =
  (0x20000000, 2, 4, 8, 8192, 2, 24);

# As the kernel's own root (the micro-VM), commands give up what reaches past their lab into the
# kernel: loading modules, raw devices and I/O ports, tracing, BPF and perf, rebooting. (In the
# netns lab they are root of a user namespace, where these give nothing.)
my @DROPPED = (16, 17, 19, 22, 38, 39);   # sys_module, sys_rawio, sys_ptrace, sys_boot, perfmon, bpf
my $REAL_ROOT = do {
  my $map = '';
  if (open(my $fh, '<', '/proc/self/uid_map')) { $map = <$fh> // ''; }
  $map =~ /^\s*0\s+0\s+4294967295\s*$/;
};

# Random bytes from the host, in the micro-VM (lib/lab/vm/boot.sh): every VM restored from one
# saved state would otherwise draw the same random numbers. They go into the kernel's pool,
# credited (RNDADDENTROPY), and its generator is reseeded from it at once (RNDRESEEDCRNG).
my $SEED = delete $ENV{NETBOOK_SEED} // '';
if ($REAL_ROOT && $SEED =~ /\A(?:[0-9a-f]{2}){32,256}\z/) {
  my $bytes = pack('H*', $SEED);
  open(my $random, '<', '/dev/urandom') or die "netbook's agent: /dev/urandom: $!\n";
  ioctl($random, 0x40085203, pack('ii', 8 * length $bytes, length $bytes) . $bytes)
    or die "netbook's agent cannot seed the kernel's random generator: $!\n";
  ioctl($random, 0x5207, 0) or die "netbook's agent cannot reseed the kernel's random generator: $!\n";
}

# The worker's loop, on one line so that bash numbers a command's lines as `bash -c` does.
# With job control (-m) each command is a process group of its own, which "kill" can stop; it
# starts in /root, as a login would, and may have so many processes at once.
my $LOOP = 'unset NETBOOK_WORKER; set -m; while IFS= read -r -d "" __nb_id && IFS= read -r -d "" __nb_in && IFS= read -r -d "" __nb_cmd; do '
  . '( echo 500 2>/dev/null >/proc/self/oom_score_adj; ' . ($ULIMIT ? "ulimit $ULIMIT; " : '')
  . 'builtin cd /root 2>/dev/null || builtin cd /; unset OLDPWD; eval "$__nb_cmd" ) '
  . '<"$__nb_in" >"$__nb_id.1" 2>"$__nb_id.2" & '
  . 'printf "p %s %s\n" "$__nb_id" "$!"; wait "$!"; printf "x %s %s\n" "$__nb_id" "$?"; done';

my %workers;     # by fileno of the worker's status pipe: { pid, in, out, buf, job }
my %jobs;        # by id: { id, worker, pgid, pipes, kept, pending, dropped, killed_at, input }
my @idle;
my @lingering;   # output pipes of ended commands that something in the lab still holds open
my $input = '';
my ($agent_ns, $commands_ns, $init_pid);

sub send_all {
  my ($data) = @_;
  while (length $data) {
    my $n = syswrite(STDOUT, $data);
    if (!defined $n) { next if $!{EINTR}; exit 0; }
    substr($data, 0, $n) = '';
  }
}

# (syscall() wants strings it could write to: variables, not constants.)
sub mount {
  my ($source, $target, $type, $flags, $data) = @_;
  return syscall($SYS->{mount}, $source, $target, $type, $flags, $data // 0) == 0;
}

sub setns_pid {
  my ($fh) = @_;
  return syscall($SYS->{setns}, fileno($fh), $CLONE_NEWPID) == 0;
}

# The commands' PID namespace, and its first process (its init), which reaps what commands leave
# behind, and first gives the lab a /proc of that namespace only: mounted beside the agent's,
# which is then unmounted, and moved in its place. The agent's own children stay in its own.
sub make_namespace {
  open($agent_ns, '<', '/proc/self/ns/pid') or die "netbook's agent: /proc/self/ns/pid: $!\n";
  syscall($SYS->{unshare}, $CLONE_NEWPID) == 0
    or die "netbook's agent cannot make a PID namespace for the lab's commands: $!\n";
  pipe(my $ready_r, my $ready_w) or die "pipe: $!";
  pipe(my $go_r, my $go_w) or die "pipe: $!";
  my $pid = fork // die "fork: $!";
  if (!$pid) {
    close $ready_r;
    close $go_w;
    <$go_r>;    # once the agent holds the namespace (it can be named once it has a process)
    # It is in the commands' sight: it holds nothing of the agent's (its channel, its errors,
    # its own namespace, which would let a command's children be born beside the agent).
    open(STDIN, '<', '/dev/null');
    open(STDOUT, '>', '/dev/null');
    open(STDERR, '>', '/dev/null');
    close $agent_ns;
    opendir(my $fds, '/proc/self/fd') or POSIX::_exit(1);
    for my $fd (grep { /^\d+$/ && $_ > 2 && $_ != fileno($ready_w) } readdir $fds) {
      POSIX::close($fd);
    }
    $0 = 'netbook-init';
    my ($tmp, $proc) = ('/run/netbook-proc', 'proc');
    mkdir $tmp, 0700;
    my $why = !mount($proc, $tmp, $proc, $MS_NOSUID | $MS_NODEV | $MS_NOEXEC) ? "mount proc: $!"
      : syscall($SYS->{umount2}, my $p = '/proc', $MNT_DETACH) != 0 ? "umount /proc: $!"
      : !mount($tmp, my $q = '/proc', 0, $MS_MOVE) ? "move proc: $!"
      : '';
    rmdir $tmp;
    syswrite($ready_w, $why eq '' ? "ok\n" : "$why\n");
    close $ready_w;
    POSIX::_exit(1) if $why ne '';
    # Reaps each orphan as it ends: SIGCHLD, blocked but between waits, wakes it at once.
    POSIX::sigprocmask(POSIX::SIG_BLOCK(), POSIX::SigSet->new(POSIX::SIGCHLD()));
    $SIG{CHLD} = sub { };
    while (1) {
      1 while waitpid(-1, POSIX::WNOHANG()) > 0;
      POSIX::sigsuspend(POSIX::SigSet->new());
    }
  }
  close $ready_w;
  close $go_r;
  open($commands_ns, '<', '/proc/self/ns/pid_for_children') or die "pid_for_children: $!\n";
  close $go_w;
  my $said = <$ready_r> // "it ended\n";
  chomp $said;
  die "netbook's agent could not give the lab's commands a /proc of their own ($said)\n"
    if $said ne 'ok';
  $init_pid = $pid;
  setns_pid($agent_ns) or die "netbook's agent cannot go back to its own PID namespace: $!\n";
}

# A folder of the agent's own, which no path leads to: a small file system, entered and then
# detached. The agent and its workers work there by relative paths; commands never see it.
sub hide_folder {
  my ($dir, $tmpfs) = ('/run/netbook-agent', 'tmpfs');
  mkdir $dir, 0700;
  mount($tmpfs, $dir, $tmpfs, $MS_NOSUID | $MS_NODEV | $MS_NOEXEC, my $o = 'size=1m,mode=700')
    or die "netbook's agent cannot mount its folder: $!\n";
  chdir $dir or die "chdir $dir: $!";
  syscall($SYS->{umount2}, $dir, $MNT_DETACH) == 0 or die "netbook's agent: umount $dir: $!\n";
  rmdir $dir;
}

sub nonblocking {
  my ($fh) = @_;
  fcntl($fh, F_SETFL, fcntl($fh, F_GETFL, 0) | O_NONBLOCK) or die "fcntl: $!";
}

sub spawn_worker {
  pipe(my $in_r, my $in_w) or die "pipe: $!";
  pipe(my $out_r, my $out_w) or die "pipe: $!";
  my $pid = fork;
  die "fork: $!" if !defined $pid;
  if (!$pid) {
    # The worker stays beside the agent; the commands it starts are born in their namespace.
    setns_pid($commands_ns) or POSIX::_exit(126);
    if ($REAL_ROOT) { syscall($SYS->{prctl}, $PR_CAPBSET_DROP, $_, 0, 0, 0) for @DROPPED; }
    open(STDIN, '<&', $in_r);
    open(STDOUT, '>&', $out_w);
    open(STDERR, '>', '/dev/null');
    # The loop comes by the environment (and leaves it at once), so that a command's $0 is
    # "bash", as with `bash -c`.
    $ENV{NETBOOK_WORKER} = $LOOP;
    exec { 'bash' } 'bash', '-c', 'eval "$NETBOOK_WORKER"', 'bash' or POSIX::_exit(127);
  }
  close $in_r;
  close $out_w;
  my $w = { pid => $pid, in => $in_w, out => $out_r, buf => '' };
  $workers{fileno $out_r} = $w;
  return $w;
}

# The named pipes a command writes to: the agent reads each, and holds a writer of its own
# until the command has ended, so that the pipe does not end before the command has opened it.
sub open_pipes {
  my ($id) = @_;
  my @pipes;
  for my $stream (1, 2) {
    my $name = "$id.$stream";
    POSIX::mkfifo($name, 0600) or die "mkfifo: $!";
    sysopen(my $r, $name, O_RDONLY | O_NONBLOCK) or die "open $name: $!";
    sysopen(my $w, $name, O_WRONLY | O_NONBLOCK) or die "open $name: $!";
    push @pipes, { name => $name, r => $r, w => $w };
  }
  return \@pipes;
}

sub start {
  my ($id, $token, $command, $input) = @_;
  if (index($command, "\0") >= 0) {
    my $why = "netbook: a command line cannot hold a NUL byte\n";
    send_all("$id 2 " . length($why) . "\n$why$id x 2 0 $token\n");
    return;
  }
  my $w = shift(@idle) // spawn_worker();
  my $job = {
    id => $id, token => $token, worker => $w, pipes => open_pipes($id), kept => [0, 0],
    pending => ['', ''], dropped => 0,
  };
  $w->{job} = $job;
  $jobs{$id} = $job;
  my $request = "$id\0" . ($input // '/dev/null') . "\0$command\0";
  while (length $request) {
    my $n = syswrite($w->{in}, $request);
    if (!defined $n) { next if $!{EINTR}; last; }
    substr($request, 0, $n) = '';
  }
}

# A command whose standard input is a stream: a named pipe the agent holds open read-write (so
# that neither side's open blocks, and the input ends only when the runner says so).
sub open_stream {
  my ($id, $token, $command) = @_;
  my $name = "$id.i";
  unlink $name;
  POSIX::mkfifo($name, 0600) or die "mkfifo: $!";
  sysopen(my $in, $name, POSIX::O_RDWR()) or die "open $name: $!";
  start($id, $token, "exec 2>&1\n$command", $name);    # one stream out, as a terminal has
  my $job = $jobs{$id};
  if (!$job) { close $in; unlink $name; return; }
  $job->{input} = { fh => $in, name => $name };
}

# Feeds a stream's input ("in"), or closes it ("eof").
sub feed {
  my ($id, $verb, $payload) = @_;
  my $job = $jobs{$id} or return;
  my $input = $job->{input} or return;
  return unless $input->{fh};
  if ($verb eq 'eof') { close delete $input->{fh}; return; }
  while (length $payload) {
    my $n = syswrite($input->{fh}, $payload);
    if (!defined $n) { next if $!{EINTR}; last; }
    substr($payload, 0, $n) = '';
  }
}

sub stop {
  my ($id) = @_;
  my $job = $jobs{$id} or return;
  kill('TERM', -$job->{pgid}) if $job->{pgid};
  $job->{killed_at} //= time;
}

# Reads once from a command's output pipe: kept up to the limit, the rest counted and dropped
# (no `$job`: all dropped). What is kept goes out in frames of at least $CHUNK bytes. False once
# the pipe has ended (every writer closed it).
sub pump {
  my ($job, $stream, $fh) = @_;
  my $got = sysread($fh, my $data, $CHUNK);
  return 1 if !defined $got && ($!{EINTR} || $!{EAGAIN});
  return 0 if !$got;
  return 1 unless $job;
  if ($job->{input}) {    # a stream: what it prints goes at once
    $job->{pending}[$stream] .= $data;
    flush($job, $stream);
    return 1;
  }
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

# Sends an ended command's output (what is left in its pipes) and its exit code. Pipes still held
# open by what it left running are read from (and dropped) until they end.
sub finish {
  my ($job, $code) = @_;
  for my $stream (0, 1) {
    my $pipe = $job->{pipes}[$stream];
    # What it printed before it ended (at most what a pipe holds; something it left running may
    # go on writing, and is not waited for).
    for (1 .. 32) { last unless readable($pipe->{r}); pump($job, $stream, $pipe->{r}); }
    close $pipe->{w};
    unlink $pipe->{name};
    if (readable($pipe->{r}) && !pump($job, $stream, $pipe->{r})) { close $pipe->{r}; }
    else { push @lingering, $pipe->{r}; }
    flush($job, $stream);
  }
  if (my $input = $job->{input}) {
    close $input->{fh} if $input->{fh};
    unlink $input->{name};
  }
  close(shift @lingering) while @lingering > $MAX_LINGERING;
  send_all("$job->{id} x $code $job->{dropped} $job->{token}\n");
  delete $jobs{$job->{id}};
}

# A line from a worker: "p <id> <pid>" (started) or "x <id> <code>" (ended).
sub status {
  my ($w, $line) = @_;
  my ($what, $id, $value) = split / /, $line;
  my $job = $jobs{$id} or return;
  if ($what eq 'p') {
    $job->{pgid} = $value;
    kill('TERM', -$value) if defined $job->{killed_at};
    return;
  }
  finish($job, $value);
  $w->{job} = undef;
  push @idle, $w;
}

# A worker that died ends its command.
sub lost {
  my ($fd) = @_;
  my $w = delete $workers{$fd};
  close $w->{out};
  close $w->{in};
  waitpid($w->{pid}, 0);
  @idle = grep { $_ != $w } @idle;
  finish($w->{job}, 137) if $w->{job};
}

chdir '/';
make_namespace();
hide_folder();
push @idle, spawn_worker();
send_all("ready\n");
while (1) {
  my $bits = '';
  vec($bits, fileno(STDIN), 1) = 1;
  vec($bits, $_, 1) = 1 for keys %workers;
  for my $job (values %jobs) { vec($bits, fileno($_->{r}), 1) = 1 for @{$job->{pipes}}; }
  vec($bits, fileno($_), 1) = 1 for @lingering;
  my $killing = grep { defined $_->{killed_at} } values %jobs;
  my $n = select(my $ready = $bits, undef, undef, $killing ? 0.25 : 1);
  for my $job (values %jobs) {
    next unless defined $job->{killed_at} && $job->{pgid};
    kill('KILL', -$job->{pgid}) if time - $job->{killed_at} >= 2;
  }
  # Without its init the commands' namespace is gone, and every command with it: the lab ends.
  exit 0 if waitpid($init_pid, POSIX::WNOHANG()) == $init_pid;
  next if $n <= 0;
  for my $job (values %jobs) {
    for my $stream (0, 1) {
      my $fh = $job->{pipes}[$stream]{r};
      pump($job, $stream, $fh) if vec($ready, fileno($fh), 1);
    }
  }
  @lingering = grep {
    my $fh = $_;
    my $open = !vec($ready, fileno($fh), 1) || pump(undef, 0, $fh);
    close $fh unless $open;
    $open;
  } @lingering;
  for my $fd (keys %workers) {
    next unless vec($ready, $fd, 1);
    my $w = $workers{$fd};
    my $got = sysread($w->{out}, my $data, 4096);
    next if !defined $got && $!{EINTR};
    if (!$got) { lost($fd); next; }
    $w->{buf} .= $data;
    while ($w->{buf} =~ s/\A([^\n]*)\n//) { status($w, $1); }
  }
  if (vec($ready, fileno STDIN, 1)) {
    my $got = sysread(STDIN, my $data, 65536);
    next if !defined $got && $!{EINTR};
    exit 0 if !$got;
    $input .= $data;
    while ($input =~ /\A(\d+) (run|kill|open|in|eof) (\d+)(?: (\w+))?\n/) {
      my ($id, $verb, $length, $token, $head) = ($1, $2, $3, $4 // '-', length $&);
      last if length($input) < $head + $length;
      my $payload = substr($input, $head, $length);
      substr($input, 0, $head + $length) = '';
      if ($verb eq 'run') { start($id, $token, $payload); }
      elsif ($verb eq 'open') { open_stream($id, $token, $payload); }
      elsif ($verb eq 'kill') { stop($id); }
      else { feed($id, $verb, $payload); }
    }
  }
}
