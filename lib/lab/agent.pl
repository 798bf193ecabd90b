# netbook's lab agent. It runs inside the lab (a sandbox or a VM) and runs each command line it
# is sent with bash, streaming back what the command prints and how it ended. One agent serves
# one lab; commands may overlap. Perl because it is on every Debian system (perl-base is
# essential) and needs no build; only core built-ins are used.
#
# Requests, on standard input:   "<id> run <length>\n<command bytes>"   "<id> kill 0\n"
# Replies, on standard output:   "ready\n" once, then per command any number of
#                                "<id> 1 <length>\n<bytes>" (stdout) and "<id> 2 <length>\n<bytes>"
#                                (stderr), then "<id> x <exit code>\n" (128 + N for signal N).
# "kill" sends SIGTERM to the command's process group, SIGKILL two seconds later. When standard
# input closes, the agent exits, and the lab (its PID namespace, or the VM) ends with it.
use strict;
use warnings;

binmode STDIN;
binmode STDOUT;
pipe(my $wake_r, my $wake_w) or die "pipe: $!";
$SIG{CHLD} = sub { syswrite($wake_w, "c") };
$SIG{PIPE} = 'IGNORE';

my %jobs;       # by pid: { id, pid, open (pipes not yet at EOF), status, killed_at }
my %by_id;      # id -> job
my %readers;    # fileno -> [handle, job, stream]
my $input = '';

sub send_all {
  my ($data) = @_;
  while (length $data) {
    my $n = syswrite(STDOUT, $data);
    if (!defined $n) { next if $!{EINTR}; exit 0; }
    substr($data, 0, $n) = '';
  }
}

sub finish {
  my ($job) = @_;
  return if $job->{open} || !defined $job->{status} || $job->{done}++;
  delete $jobs{$job->{pid}};
  delete $by_id{$job->{id}};
  my $s = $job->{status};
  send_all("$job->{id} x " . (($s & 127) ? 128 + ($s & 127) : $s >> 8) . "\n");
}

sub reap {
  while ((my $pid = waitpid(-1, 1)) > 0) {    # 1: WNOHANG
    my $job = $jobs{$pid} or next;
    $job->{status} = $?;
    finish($job);
  }
}

sub start {
  my ($id, $command) = @_;
  pipe(my $out_r, my $out_w) or die "pipe: $!";
  pipe(my $err_r, my $err_w) or die "pipe: $!";
  my $pid = fork;
  if (!defined $pid) {
    send_all("$id 2 " . length("fork: $!\n") . "\nfork: $!\n$id x 126\n");
    return;
  }
  if (!$pid) {
    $SIG{CHLD} = 'DEFAULT';
    $SIG{PIPE} = 'DEFAULT';
    setpgrp(0, 0);
    open(STDIN, '<', '/dev/null');
    open(STDOUT, '>&', $out_w);
    open(STDERR, '>&', $err_w);
    exec('bash', '-c', $command);
    exit 127;
  }
  close $out_w;
  close $err_w;
  my $job = { id => $id, pid => $pid, open => 2 };
  $jobs{$pid} = $by_id{$id} = $job;
  $readers{fileno $out_r} = [$out_r, $job, 1];
  $readers{fileno $err_r} = [$err_r, $job, 2];
}

sub stop {
  my ($id) = @_;
  my $job = $by_id{$id} or return;
  kill('TERM', -$job->{pid});
  $job->{killed_at} //= time;
}

send_all("ready\n");
while (1) {
  my $bits = '';
  vec($bits, fileno(STDIN), 1) = 1;
  vec($bits, fileno($wake_r), 1) = 1;
  vec($bits, $_, 1) = 1 for keys %readers;
  my $killing = grep { defined $_->{killed_at} } values %jobs;
  my $n = select(my $ready = $bits, undef, undef, $killing ? 0.25 : undef);
  for my $job (values %jobs) {
    kill('KILL', -$job->{pid}) if defined $job->{killed_at} && time - $job->{killed_at} >= 2;
  }
  next if $n <= 0;
  if (vec($ready, fileno $wake_r, 1)) {
    sysread($wake_r, my $x, 512);
    reap();
  }
  for my $fd (keys %readers) {
    next unless vec($ready, $fd, 1);
    my ($handle, $job, $stream) = @{$readers{$fd}};
    my $got = sysread($handle, my $data, 65536);
    next if !defined $got && $!{EINTR};
    if ($got) {
      send_all("$job->{id} $stream $got\n$data");
      next;
    }
    delete $readers{$fd};
    close $handle;
    $job->{open}--;
    reap();
    finish($job);
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
