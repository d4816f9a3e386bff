//! RISC-V semihosting (off unless the embedder or `--semihosting` asks):
//! the guest asks the host for console and file I/O, the time, its command
//! line and an exit, with an `ebreak` between `slli x0, x0, 0x1f` and
//! `srai x0, x0, 7`; `a0` holds the operation, `a1` its argument (usually the
//! address of a block of 64-bit words), and the result comes back in `a0`.
//! picolibc's `--oslib=semihost` and newlib's librdimon use it, as QEMU's
//! `-semihosting` serves it.
//!
//! Files are confined to a root directory: a path that is absolute or leads
//! out of it (`..`, or a symbolic link) is refused with `EACCES`. The console
//! (`:tt`) is the guest's console, shared with the UART. Bad guest pointers
//! are an error for the call (`EFAULT`), never for the host.

use super::console::Console;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Component, Path, PathBuf};
use std::time::{Instant, SystemTime};

/// How the semihosting host side sees guest memory (through the hart's
/// current translation); `false` for an address the guest cannot access.
pub trait SemihostMemory {
    /// Fill `buf` from guest address `addr`.
    fn read(&mut self, addr: u64, buf: &mut [u8]) -> bool;
    /// Write `data` at guest address `addr`.
    fn write(&mut self, addr: u64, data: &[u8]) -> bool;
}

/// What a semihosting call asks of the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SemihostResult {
    /// Put this in `a0` and go on.
    Value(u64),
    /// Power off with this exit code.
    Exit(u64),
}

const SYS_OPEN: u64 = 0x01;
const SYS_CLOSE: u64 = 0x02;
const SYS_WRITEC: u64 = 0x03;
const SYS_WRITE0: u64 = 0x04;
const SYS_WRITE: u64 = 0x05;
const SYS_READ: u64 = 0x06;
const SYS_READC: u64 = 0x07;
const SYS_ISERROR: u64 = 0x08;
const SYS_ISTTY: u64 = 0x09;
const SYS_SEEK: u64 = 0x0a;
const SYS_FLEN: u64 = 0x0c;
const SYS_CLOCK: u64 = 0x10;
const SYS_TIME: u64 = 0x11;
const SYS_ERRNO: u64 = 0x13;
const SYS_GET_CMDLINE: u64 = 0x15;
const SYS_HEAPINFO: u64 = 0x16;
const SYS_EXIT: u64 = 0x18;
const SYS_EXIT_EXTENDED: u64 = 0x20;
const SYS_ELAPSED: u64 = 0x30;
const SYS_TICKFREQ: u64 = 0x31;

/// `SYS_EXIT`'s reason for a normal application exit (its subcode is the status).
const ADP_STOPPED_APPLICATION_EXIT: u64 = 0x20026;

const EBADF: u64 = 9;
const EACCES: u64 = 13;
const EFAULT: u64 = 14;
const EINVAL: u64 = 22;
const ENOSYS: u64 = 38;

/// The error return of most calls.
const FAILED: u64 = u64::MAX;

/// The magic file that lists the extensions served: exit with a status
/// (`SH_EXT_EXIT_EXTENDED`) and stdout/stderr through `:tt` (`SH_EXT_STDOUT_STDERR`).
const FEATURES_FILE: &str = ":semihosting-features";
const FEATURES: [u8; 5] = [b'S', b'H', b'F', b'B', 0b11];

/// Longest path or command line accepted from the guest.
const MAX_GUEST_STRING: usize = 4096;
/// Most bytes one read or write call moves at once (a guest may ask for more;
/// it is told how many were not moved, as the protocol allows).
const MAX_TRANSFER: u64 = 1 << 20;

/// An open handle.
enum Handle {
    ConsoleIn,
    ConsoleOut,
    Features { read: usize },
    File(File),
}

/// The host side of semihosting.
pub struct Semihost {
    root: PathBuf,
    cmdline: String,
    handles: Vec<Option<Handle>>,
    errno: u64,
    started: Instant,
}

impl Semihost {
    /// Serve files under `root`; `SYS_GET_CMDLINE` answers `cmdline`.
    pub fn new(root: PathBuf, cmdline: String) -> Self {
        Semihost { root, cmdline, handles: Vec::new(), errno: 0, started: Instant::now() }
    }

    /// Carry out operation `op` with argument `arg`.
    pub fn call(
        &mut self,
        op: u64,
        arg: u64,
        mem: &mut dyn SemihostMemory,
        console: &mut Console,
    ) -> SemihostResult {
        let value = match op {
            SYS_EXIT | SYS_EXIT_EXTENDED => return SemihostResult::Exit(exit_code(op, arg, mem)),
            SYS_WRITEC => {
                let mut byte = [0u8];
                if mem.read(arg, &mut byte) {
                    console.put_bytes(&byte);
                }
                0
            }
            SYS_WRITE0 => {
                let text = read_string(mem, arg, None).unwrap_or_default();
                console.put_bytes(&text);
                0
            }
            SYS_READC => {
                if console.wait_for_input() {
                    console.take_input().map_or(FAILED, u64::from)
                } else {
                    FAILED
                }
            }
            SYS_CLOCK => (self.started.elapsed().as_millis() / 10) as u64,
            SYS_TIME => {
                SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs())
            }
            SYS_ELAPSED => {
                let ticks = self.started.elapsed().as_micros() as u64;
                if mem.write(arg, &ticks.to_le_bytes()) { 0 } else { self.fail(EFAULT) }
            }
            SYS_TICKFREQ => 1_000_000,
            SYS_ERRNO => self.errno,
            SYS_ISERROR => u64::from((arg as i64) < 0),
            _ => match words(mem, arg, argument_words(op)) {
                Some(args) => self.call_with_block(op, arg, &args, mem, console),
                None => self.fail(EFAULT),
            },
        };
        SemihostResult::Value(value)
    }

    /// The calls whose argument is a block of words.
    fn call_with_block(
        &mut self,
        op: u64,
        arg: u64,
        args: &[u64],
        mem: &mut dyn SemihostMemory,
        console: &mut Console,
    ) -> u64 {
        match op {
            SYS_OPEN => self.open(args, mem),
            SYS_CLOSE => match self.handles.get_mut(args[0] as usize).and_then(Option::take) {
                Some(_) => 0,
                None => self.fail(EBADF),
            },
            SYS_WRITE => self.write(args, mem, console),
            SYS_READ => self.read(args, mem, console),
            SYS_ISTTY => match self.handle(args[0]) {
                Some(Handle::ConsoleIn | Handle::ConsoleOut) => 1,
                Some(_) => 0,
                None => self.fail(EBADF),
            },
            SYS_SEEK => match self.handle(args[0]) {
                Some(Handle::File(f)) => match f.seek(SeekFrom::Start(args[1])) {
                    Ok(_) => 0,
                    Err(_) => self.fail(EINVAL),
                },
                Some(Handle::Features { read }) => {
                    *read = args[1] as usize;
                    0
                }
                Some(_) => self.fail(EINVAL),
                None => self.fail(EBADF),
            },
            SYS_FLEN => match self.handle(args[0]) {
                Some(Handle::File(f)) => f.metadata().map_or(FAILED, |m| m.len()),
                Some(Handle::Features { .. }) => FEATURES.len() as u64,
                Some(_) => 0,
                None => self.fail(EBADF),
            },
            SYS_GET_CMDLINE => {
                let (buf, len) = (args[0], args[1]);
                let text = self.cmdline.as_bytes();
                if text.len() as u64 >= len {
                    return self.fail(EINVAL);
                }
                let mut bytes = text.to_vec();
                bytes.push(0);
                if mem.write(buf, &bytes) && mem.write(arg + 8, &(text.len() as u64).to_le_bytes())
                {
                    0
                } else {
                    self.fail(EFAULT)
                }
            }
            // No heap or stack is known to the host: zeros let the C library
            // use its own (as the protocol allows).
            SYS_HEAPINFO => {
                if mem.write(args[0], &[0u8; 32]) {
                    0
                } else {
                    self.fail(EFAULT)
                }
            }
            _ => self.fail(ENOSYS),
        }
    }

    fn fail(&mut self, errno: u64) -> u64 {
        self.errno = errno;
        FAILED
    }

    fn handle(&mut self, number: u64) -> Option<&mut Handle> {
        self.handles.get_mut(usize::try_from(number).ok()?)?.as_mut()
    }

    fn add(&mut self, handle: Handle) -> u64 {
        match self.handles.iter().position(Option::is_none) {
            Some(i) => {
                self.handles[i] = Some(handle);
                i as u64
            }
            None => {
                self.handles.push(Some(handle));
                self.handles.len() as u64 - 1
            }
        }
    }

    /// `SYS_OPEN`: `[name, mode (0-11, as fopen's r rb r+ r+b w wb w+ w+b a ab a+ a+b), length]`.
    fn open(&mut self, args: &[u64], mem: &mut dyn SemihostMemory) -> u64 {
        let Some(name) = read_string(mem, args[0], Some(args[2])) else {
            return self.fail(EFAULT);
        };
        let name = String::from_utf8_lossy(&name).into_owned();
        let mode = args[1];
        if mode > 11 {
            return self.fail(EINVAL);
        }
        match name.as_str() {
            ":tt" if mode < 4 => return self.add(Handle::ConsoleIn),
            ":tt" => return self.add(Handle::ConsoleOut),
            FEATURES_FILE if mode < 4 => return self.add(Handle::Features { read: 0 }),
            _ => {}
        }
        let Some(path) = self.confined(&name, mode >= 4) else {
            return self.fail(EACCES);
        };
        let mut options = OpenOptions::new();
        match mode / 4 {
            0 => options.read(true).write(mode & 2 != 0),
            1 => options.write(true).create(true).truncate(true).read(mode & 2 != 0),
            _ => options.append(true).create(true).read(mode & 2 != 0),
        };
        match options.open(&path) {
            Ok(file) => self.add(Handle::File(file)),
            Err(e) => self.fail(e.raw_os_error().map_or(EACCES, |n| n as u64)),
        }
    }

    /// `name` under the root, if it stays there (checked on the real path,
    /// so a symbolic link cannot lead out). A file about to be created is
    /// checked through its directory.
    fn confined(&self, name: &str, creating: bool) -> Option<PathBuf> {
        let relative = Path::new(name);
        if relative.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir)) {
            return None;
        }
        let root = self.root.canonicalize().ok()?;
        let path = root.join(relative);
        let real = match path.canonicalize() {
            Ok(real) => real,
            Err(_) if creating => {
                let parent = path.parent()?.canonicalize().ok()?;
                parent.join(path.file_name()?)
            }
            Err(_) => return Some(path), // does not exist: the open fails with ENOENT
        };
        real.starts_with(&root).then_some(real)
    }

    /// `SYS_WRITE`: `[handle, buffer, length]`; returns the bytes not written.
    fn write(&mut self, args: &[u64], mem: &mut dyn SemihostMemory, console: &mut Console) -> u64 {
        let (number, buf, len) = (args[0], args[1], args[2]);
        let mut data = vec![0u8; len.min(MAX_TRANSFER) as usize];
        if !mem.read(buf, &mut data) {
            return self.fail(EFAULT);
        }
        let written = match self.handle(number) {
            Some(Handle::ConsoleOut | Handle::ConsoleIn) => {
                console.put_bytes(&data);
                data.len()
            }
            Some(Handle::File(f)) => match f.write_all(&data) {
                Ok(()) => data.len(),
                Err(e) => {
                    self.errno = e.raw_os_error().map_or(EINVAL, |n| n as u64);
                    0
                }
            },
            Some(Handle::Features { .. }) => {
                self.errno = EBADF;
                0
            }
            None => {
                self.errno = EBADF;
                return len;
            }
        };
        len - written as u64
    }

    /// `SYS_READ`: `[handle, buffer, length]`; returns the bytes not read.
    fn read(&mut self, args: &[u64], mem: &mut dyn SemihostMemory, console: &mut Console) -> u64 {
        let (number, buf, len) = (args[0], args[1], args[2]);
        let want = len.min(MAX_TRANSFER) as usize;
        let data = match self.handle(number) {
            Some(Handle::ConsoleIn | Handle::ConsoleOut) => {
                // What a terminal read gives: at least one byte, up to a line.
                let mut line = Vec::new();
                while line.len() < want && (line.is_empty() || console.input_ready()) {
                    if !console.wait_for_input() {
                        break;
                    }
                    match console.take_input() {
                        Some(b) => {
                            line.push(b);
                            if b == b'\n' {
                                break;
                            }
                        }
                        None => break,
                    }
                }
                line
            }
            Some(Handle::File(f)) => {
                let mut data = vec![0u8; want];
                let mut got = 0;
                while got < want {
                    match f.read(&mut data[got..]) {
                        Ok(0) => break,
                        Ok(n) => got += n,
                        Err(_) => break,
                    }
                }
                data.truncate(got);
                data
            }
            Some(Handle::Features { read }) => {
                let start = (*read).min(FEATURES.len());
                let end = (start + want).min(FEATURES.len());
                *read = end;
                FEATURES[start..end].to_vec()
            }
            None => return self.fail(EBADF),
        };
        if !mem.write(buf, &data) {
            return self.fail(EFAULT);
        }
        len - data.len() as u64
    }
}

/// How many argument words operation `op` reads from its block.
fn argument_words(op: u64) -> usize {
    match op {
        SYS_OPEN | SYS_WRITE | SYS_READ => 3,
        SYS_SEEK | SYS_GET_CMDLINE => 2,
        _ => 1,
    }
}

/// `n` little-endian words at `addr`.
fn words(mem: &mut dyn SemihostMemory, addr: u64, n: usize) -> Option<Vec<u64>> {
    (0..n as u64)
        .map(|i| {
            let mut word = [0u8; 8];
            mem.read(addr.wrapping_add(8 * i), &mut word).then(|| u64::from_le_bytes(word))
        })
        .collect()
}

/// A string at `addr`: `len` bytes, or up to its NUL.
fn read_string(mem: &mut dyn SemihostMemory, addr: u64, len: Option<u64>) -> Option<Vec<u8>> {
    let mut text = Vec::new();
    loop {
        if len.is_some_and(|n| text.len() as u64 >= n) || text.len() >= MAX_GUEST_STRING {
            return Some(text);
        }
        let mut byte = [0u8];
        if !mem.read(addr.wrapping_add(text.len() as u64), &mut byte) {
            return None;
        }
        if byte[0] == 0 && len.is_none() {
            return Some(text);
        }
        text.push(byte[0]);
    }
}

/// The exit status of `SYS_EXIT` (on RV64 its argument points to
/// `[reason, subcode]`) or `SYS_EXIT_EXTENDED`: the subcode for a normal
/// exit, 1 for any other reason (an error the program reports as a crash).
fn exit_code(op: u64, arg: u64, mem: &mut dyn SemihostMemory) -> u64 {
    let _ = op;
    match words(mem, arg, 2) {
        Some(block) if block[0] == ADP_STOPPED_APPLICATION_EXIT => block[1],
        Some(_) => 1,
        // A bare reason code, as 32-bit callers pass it.
        None if arg == ADP_STOPPED_APPLICATION_EXIT => 0,
        None => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guest memory: `len` bytes at 0x1000; anything else faults.
    struct Window(Vec<u8>);

    impl SemihostMemory for Window {
        fn read(&mut self, addr: u64, buf: &mut [u8]) -> bool {
            let start = addr.wrapping_sub(0x1000) as usize;
            match self.0.get(start..start.wrapping_add(buf.len())) {
                Some(bytes) if addr >= 0x1000 => {
                    buf.copy_from_slice(bytes);
                    true
                }
                _ => false,
            }
        }

        fn write(&mut self, addr: u64, data: &[u8]) -> bool {
            let start = addr.wrapping_sub(0x1000) as usize;
            match self.0.get_mut(start..start.wrapping_add(data.len())) {
                Some(bytes) if addr >= 0x1000 => {
                    bytes.copy_from_slice(data);
                    true
                }
                _ => false,
            }
        }
    }

    fn block(words: &[u64]) -> Window {
        let mut mem = vec![0u8; 256];
        for (i, w) in words.iter().enumerate() {
            mem[8 * i..8 * i + 8].copy_from_slice(&w.to_le_bytes());
        }
        Window(mem)
    }

    fn host() -> Semihost {
        Semihost::new(std::env::temp_dir(), "prog".into())
    }

    #[test]
    fn bad_pointers_are_errors_for_the_guest() {
        let (mut sh, mut console) = (host(), Console::captured());
        // The block itself is unreadable.
        let mut mem = block(&[]);
        assert_eq!(sh.call(SYS_OPEN, 0x10, &mut mem, &mut console), SemihostResult::Value(FAILED));
        assert_eq!(sh.call(SYS_ERRNO, 0, &mut mem, &mut console), SemihostResult::Value(EFAULT));
        // The name it points to is unreadable.
        let mut mem = block(&[0xdead_0000, 0, 4]);
        assert_eq!(
            sh.call(SYS_OPEN, 0x1000, &mut mem, &mut console),
            SemihostResult::Value(FAILED)
        );
        // A write from an unreadable buffer, a read into an unwritable one.
        let tt = {
            let mut mem = block(&[0x1000 + 64, 4, 3]);
            mem.0[64..67].copy_from_slice(b":tt");
            match sh.call(SYS_OPEN, 0x1000, &mut mem, &mut console) {
                SemihostResult::Value(h) => h,
                other => panic!("{other:?}"),
            }
        };
        let mut mem = block(&[tt, 0xdead_0000, 8]);
        assert_eq!(
            sh.call(SYS_WRITE, 0x1000, &mut mem, &mut console),
            SemihostResult::Value(FAILED)
        );
        // A handle that was never opened.
        let mut mem = block(&[77, 0x1000, 8]);
        assert_eq!(sh.call(SYS_WRITE, 0x1000, &mut mem, &mut console), SemihostResult::Value(8));
        assert_eq!(
            sh.call(SYS_CLOSE, 0x1000, &mut mem, &mut console),
            SemihostResult::Value(FAILED)
        );
    }

    #[test]
    fn paths_cannot_leave_the_root() {
        let sh = host();
        assert!(sh.confined("../etc/passwd", false).is_none());
        assert!(sh.confined("/etc/passwd", false).is_none());
        assert!(sh.confined("a/../../b", true).is_none());
        assert!(sh.confined("inside.txt", true).is_some());
    }

    #[test]
    fn exit_takes_the_status_from_the_block() {
        let mut mem = block(&[ADP_STOPPED_APPLICATION_EXIT, 42]);
        assert_eq!(
            host().call(SYS_EXIT, 0x1000, &mut mem, &mut Console::captured()),
            SemihostResult::Exit(42)
        );
        let mut mem = block(&[0x20023, 0]); // ADP_Stopped_RunTimeError
        assert_eq!(
            host().call(SYS_EXIT_EXTENDED, 0x1000, &mut mem, &mut Console::captured()),
            SemihostResult::Exit(1)
        );
    }
}
