# netbook's lab agent. It runs inside the lab (a sandbox or a VM) and runs each command line it
# is sent with bash, sending back what the command printed and how it ended. Perl because it is
# on every Debian system (perl-base is essential) and needs no build; only core built-ins are used.
#
# Requests, on standard input:   "<id> run <length>\n<command bytes>"   "<id> kill 0\n"
# Replies, on standard output:   "ready\n" once, then per command any number of
#                                "<id> 1 <length>\n<bytes>" (stdout) and "<id> 2 <length>\n<bytes>"
#                                (stderr), then "<id> x <exit code>\n" (128 + N for signal N).
# "kill" sends SIGTERM to the command's process group, SIGKILL two seconds later. When standard
# input closes, the agent exits, and the lab (its PID namespace, or the VM) ends with it.
#
# Streams (the lab shell):       "<id> open <length>\n<command bytes>" runs a command as "run"
# does, but with its standard input and output streamed: "<id> in <length>\n<bytes>" feeds its
# input, "<id> eof 0\n" closes it, and what it writes comes back as "<id> 1 <length>\n<bytes>"
# at once, then "<id> x <exit code>\n" when it ends.
#
# A command costs what it would in a shell: bash workers wait with their start-up already paid,
# and run each command in a subshell (a fork, no exec), with its output in files the agent reads
# once the command has ended. Commands may overlap: each takes an idle worker, or a new one.
use strict;
use warnings;

binmode STDIN;
binmode STDOUT;
$SIG{PIPE} = 'IGNORE';

# The agent and its workers work in a folder of their own, by relative paths: a command that
# unmounts or hides /run does not take the agent's files away (a working directory holds on).
my $DIR = '/run/netbook-agent';
mkdir $DIR, 0700;
chdir $DIR or die "chdir $DIR: $!";

# The worker's loop, on one line so that bash numbers a command's lines as `bash -c` does.
# With job control (-m) each command is a process group of its own, which "kill" can stop; it
# starts in /root, as a login would.
my $LOOP = 'unset NETBOOK_WORKER; set -m; while IFS= read -r -d "" __nb_id && IFS= read -r -d "" __nb_cmd; do '
  . '( builtin cd /root 2>/dev/null || builtin cd /; unset OLDPWD; eval "$__nb_cmd" ) '
  . '</dev/null >"$__nb_id.1" 2>"$__nb_id.2" & '
  . 'printf "p %s %s\n" "$__nb_id" "$!"; wait "$!"; printf "x %s %s\n" "$__nb_id" "$?"; done';

my %workers;    # by fileno of the worker's status pipe: { pid, in, out, buf, job }
my %jobs;       # by id: { id, worker, pgid, killed_at, stream }
my %streams;    # by fileno of a stream's output: the job
my @idle;
my $input = '';

sub send_all {
  my ($data) = @_;
  while (length $data) {
    my $n = syswrite(STDOUT, $data);
    if (!defined $n) { next if $!{EINTR}; exit 0; }
    substr($data, 0, $n) = '';
  }
}

sub spawn_worker {
  pipe(my $in_r, my $in_w) or die "pipe: $!";
  pipe(my $out_r, my $out_w) or die "pipe: $!";
  my $pid = fork;
  die "fork: $!" if !defined $pid;
  if (!$pid) {
    open(STDIN, '<&', $in_r);
    open(STDOUT, '>&', $out_w);
    open(STDERR, '>', '/dev/null');
    # The loop comes by the environment (and leaves it at once), so that `ps` in the lab shows a
    # short line for the worker, and a command's $0 is "bash", as with `bash -c`.
    $ENV{NETBOOK_WORKER} = $LOOP;
    exec('bash', '-c', 'eval "$NETBOOK_WORKER"', 'bash');
    exit 127;
  }
  close $in_r;
  close $out_w;
  my $w = { pid => $pid, in => $in_w, out => $out_r, buf => '' };
  $workers{fileno $out_r} = $w;
  return $w;
}

# Sends a finished command's output (from its files) and its exit code.
sub finish {
  my ($job, $code) = @_;
  for my $stream (1, 2) {
    my $file = "$job->{id}.$stream";
    if (open(my $fh, '<', $file)) {
      binmode $fh;
      while (my $got = sysread($fh, my $data, 65536)) { send_all("$job->{id} $stream $got\n$data"); }
      close $fh;
    }
    unlink $file;
  }
  send_all("$job->{id} x $code\n");
  delete $jobs{$job->{id}};
}

sub start {
  my ($id, $command) = @_;
  if (index($command, "\0") >= 0) {
    my $why = "netbook: a command line cannot hold a NUL byte\n";
    send_all("$id 2 " . length($why) . "\n$why$id x 2\n");
    return;
  }
  my $w = shift(@idle) // spawn_worker();
  my $job = { id => $id, worker => $w };
  $w->{job} = $job;
  $jobs{$id} = $job;
  my $request = "$id\0$command\0";
  while (length $request) {
    my $n = syswrite($w->{in}, $request);
    if (!defined $n) { next if $!{EINTR}; last; }
    substr($request, 0, $n) = '';
  }
}

# A command whose input and output are streams (FIFOs in the agent's folder). The agent holds
# both ends open read-write, so neither side's open blocks and the output never reads as ended
# while the command runs; the command's end ends the stream.
sub open_stream {
  my ($id, $command) = @_;
  require POSIX;
  for my $end ('i', 'o') {
    unlink "$id.$end";
    POSIX::mkfifo("$id.$end", 0600) or return start($id, "echo 'netbook: mkfifo: $!' >&2; exit 1");
  }
  sysopen(my $in, "$id.i", POSIX::O_RDWR()) or die "open $id.i: $!";
  sysopen(my $out, "$id.o", POSIX::O_RDWR() | POSIX::O_NONBLOCK()) or die "open $id.o: $!";
  start($id, "exec <'$DIR/$id.i' >'$DIR/$id.o' 2>&1\n$command");
  my $job = $jobs{$id} or return;
  $job->{stream} = { in => $in, out => $out };
  $streams{fileno $out} = $job;
}

# Sends what a stream's command wrote.
sub pump {
  my ($job) = @_;
  my $out = $job->{stream}{out} or return;
  while (1) {
    my $got = sysread($out, my $data, 65536);
    next if !defined $got && $!{EINTR};
    return if !$got;
    send_all("$job->{id} 1 $got\n$data");
  }
}

sub close_stream {
  my ($job) = @_;
  return unless $job->{stream};
  pump($job);
  my $stream = delete $job->{stream};
  delete $streams{fileno $stream->{out}};
  close $stream->{out};
  close $stream->{in} if $stream->{in};
  unlink "$job->{id}.i", "$job->{id}.o";
}

sub feed {
  my ($id, $verb, $payload) = @_;
  my $job = $jobs{$id} or return;
  my $stream = $job->{stream} or return;
  return unless $stream->{in};
  if ($verb eq 'eof') { close delete $stream->{in}; return; }
  while (length $payload) {
    my $n = syswrite($stream->{in}, $payload);
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
  close_stream($job);
  finish($job, $value);
  $w->{job} = undef;
  push @idle, $w;
}

# A worker that died (a command killed it) ends its command.
sub lost {
  my ($fd) = @_;
  my $w = delete $workers{$fd};
  close $w->{out};
  close $w->{in};
  waitpid($w->{pid}, 0);
  @idle = grep { $_ != $w } @idle;
  if ($w->{job}) { close_stream($w->{job}); finish($w->{job}, 137); }
}

push @idle, spawn_worker();
send_all("ready\n");
while (1) {
  my $bits = '';
  vec($bits, fileno(STDIN), 1) = 1;
  vec($bits, $_, 1) = 1 for keys %workers, keys %streams;
  my $killing = grep { defined $_->{killed_at} } values %jobs;
  my $n = select(my $ready = $bits, undef, undef, $killing ? 0.25 : undef);
  for my $job (values %jobs) {
    next unless defined $job->{killed_at} && $job->{pgid};
    kill('KILL', -$job->{pgid}) if time - $job->{killed_at} >= 2;
  }
  next if $n <= 0;
  for my $fd (keys %streams) {
    pump($streams{$fd}) if vec($ready, $fd, 1) && $streams{$fd};
  }
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
    while ($input =~ /\A(\d+) (run|kill|open|in|eof) (\d+)\n/) {
      my ($id, $verb, $length, $head) = ($1, $2, $3, length $&);
      last if length($input) < $head + $length;
      my $payload = substr($input, $head, $length);
      substr($input, 0, $head + $length) = '';
      if ($verb eq 'run') { start($id, $payload); }
      elsif ($verb eq 'kill') { stop($id); }
      elsif ($verb eq 'open') { open_stream($id, $payload); }
      else { feed($id, $verb, $payload); }
    }
  }
}
