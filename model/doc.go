// Package model is timewait's model of TCP connection termination: two
// endpoints on one socket pair (A connects, B listens), their applications,
// their timers, and a network that may lose, duplicate, reorder and delay
// segments for up to the maximum segment lifetime.
//
// The model is a pure function of (state, event): [Model.Next] takes a
// [World] and an [Action] and returns the next world, with no clock,
// goroutine or I/O. Segment arrival follows RFC 9293 §3.10.7 branch by
// branch (arrive*.go), and each place where RFC 9293, RFC 1337 and Linux
// differ is an option of [Config] that defaults to the RFC. Segments and
// endpoints carry ghost fields (incarnations, data indices) that properties
// read and protocol rules never do.
//
// *Model implements the checker's Model, Labeler, Effector and
// EffectLabeler (each step's [Effect] travels with its successor) and the
// Step that properties use; [Model.TCB] lists the control-block fields
// traces show. [DefaultConfig] is the default scenario, and [Params]
// lists every parameter by name. docs/model.md describes every abstraction
// and why it is sound.
package model
