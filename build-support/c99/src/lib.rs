//! C99 `<stdint.h>` aliases as the host C library defines them. glibc makes
//! the 16/32-bit "fast" types as wide as a register on 64-bit targets; musl
//! keeps them at their nominal width.
#![allow(non_camel_case_types)]
#![no_std]

pub type int8_t = i8;
pub type int16_t = i16;
pub type int32_t = i32;
pub type int64_t = i64;
pub type uint8_t = u8;
pub type uint16_t = u16;
pub type uint32_t = u32;
pub type uint64_t = u64;

pub type int_fast8_t = i8;
pub type uint_fast8_t = u8;
pub type int_fast64_t = i64;
pub type uint_fast64_t = u64;

#[cfg(all(target_pointer_width = "64", not(target_env = "musl")))]
mod fast {
    pub type int_fast16_t = i64;
    pub type uint_fast16_t = u64;
    pub type int_fast32_t = i64;
    pub type uint_fast32_t = u64;
}

#[cfg(any(target_pointer_width = "32", target_env = "musl"))]
mod fast {
    pub type int_fast16_t = i32;
    pub type uint_fast16_t = u32;
    pub type int_fast32_t = i32;
    pub type uint_fast32_t = u32;
}

pub use fast::*;
