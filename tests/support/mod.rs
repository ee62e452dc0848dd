//! Support shared by the integration tests: the loopback fake YouTube, the generator of the
//! transcript bodies it serves, and an MCP client harness around our server.
//!
//! Each test binary uses a different part of it, hence the allowance for unused items.
#![allow(dead_code)]

pub mod fake_youtube;
pub mod faults;
pub mod harness;
pub mod srv1_gen;
pub mod stack;
