// Package conform replays TCP teardown scenarios against the Linux kernel:
// the kernel plays endpoint A, and the harness plays endpoint B and the
// network, so that every segment and state the kernel shows can be
// compared with what the model predicts.
//
// A [Lab] is a private network namespace with a TUN device, made on one
// locked OS thread by [Run] and gone when the thread ends: nothing on the
// host is touched, and every packet stays inside it, between 127.77.0.1
// (the kernel's address, on the TUN device) and 127.77.0.2 (the harness,
// behind it). The kernel's sysctls are set per namespace: no timestamps,
// SACK or window scaling, so that the kernel takes RFC 9293's plain paths,
// except in the scenarios of the model's timestamps option, which turn on
// tcp_timestamps and in which the harness sends RFC 7323 timestamps from a
// clock of its own (a fixed base plus 1000 a model tick). The kernel's
// TSval cannot be set (tcp_timestamps=1 offsets its millisecond clock per
// address pair); what the replay compares is its TSecr, which echoes the
// harness's TSval that its TS.Recent holds.
//
// This package so far holds the lab, the segment codec and the kernel's
// state table; the scenarios, the mapping onto model traces and the
// `timewait conform` command build on them (issue 11).
package conform
