//! The host terminal while a guest runs interactively: raw mode, so every key
//! (Ctrl-C included) goes to the guest, and the escape Ctrl-A x to quit, as
//! QEMU's `-nographic` does. The original settings come back on every way out:
//! normal exit and Ctrl-A x (the guard's `Drop`) and a panic (see
//! `restore_terminal`, which the CLI's panic hook calls).
//!
//! `TerminalKeys` is where an interactive run's keys come from: they are read from the start
//! (so Ctrl-A x works even when the guest never reads input) into a
//! type-ahead buffer of `TYPE_AHEAD` keys (a paste of a few lines survives
//! a guest that drains its UART slowly); keys beyond it are dropped, as a
//! UART overruns. Ctrl-A x asks the machine to stop; the run then returns.

use super::console::KeySource;
use hartsim::HostInput;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The settings to restore, while raw mode is on.
static SAVED: Mutex<Option<libc::termios>> = Mutex::new(None);

/// Is standard input a terminal (an interactive run)?
pub fn stdin_is_terminal() -> bool {
    // SAFETY: isatty only inspects the file descriptor.
    unsafe { libc::isatty(libc::STDIN_FILENO) == 1 }
}

/// Raw mode for standard input; dropping it restores the terminal.
pub struct RawTerminal(());

impl RawTerminal {
    /// Switch stdin to raw mode; `None` when stdin is not a terminal.
    pub fn enable() -> Option<RawTerminal> {
        // SAFETY: tcgetattr, cfmakeraw and tcsetattr only read or write the termios
        // struct we pass, which lives on this stack frame for the whole call.
        if !stdin_is_terminal() {
            return None;
        }
        unsafe {
            let mut original: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(libc::STDIN_FILENO, &mut original) != 0 {
                return None;
            }
            let mut raw = original;
            libc::cfmakeraw(&mut raw);
            // Keep output post-processing so a guest's "\n" still starts a new line.
            raw.c_oflag |= libc::OPOST | libc::ONLCR;
            if libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &raw) != 0 {
                return None;
            }
            *SAVED.lock().unwrap_or_else(|e| e.into_inner()) = Some(original);
        }
        Some(RawTerminal(()))
    }
}

impl Drop for RawTerminal {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Put the terminal back as it was before raw mode (no-op if it is not raw).
pub fn restore_terminal() {
    let saved = SAVED.lock().unwrap_or_else(|e| e.into_inner()).take();
    if let Some(original) = saved {
        // SAFETY: tcsetattr reads the termios value we pass by reference.
        unsafe {
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &original);
        }
    }
}

/// Ctrl-A: the first key of an escape sequence.
pub const ESCAPE: u8 = 0x01;

/// What the byte after Ctrl-A asks for.
pub enum EscapeAction {
    /// Pass this byte to the guest.
    Send(u8),
    /// Leave hartsim (Ctrl-A x).
    Quit,
    /// Show the escape keys (Ctrl-A h).
    Help,
    /// Any other key: nothing.
    Ignore,
}

/// What the key after Ctrl-A asks for.
pub fn escape_action(key: u8) -> EscapeAction {
    match key {
        b'x' | b'X' => EscapeAction::Quit,
        ESCAPE => EscapeAction::Send(ESCAPE),
        b'h' | b'H' | b'?' => EscapeAction::Help,
        _ => EscapeAction::Ignore,
    }
}

/// What the reader thread passes on.
enum Key {
    Byte(u8),
    /// Ctrl-A x was typed: wakes a guest waiting for input.
    Quit,
}

/// Keys typed (or pasted) ahead of the guest that are kept. A person at a
/// terminal cannot type without end, so this need not be as small as a
/// 16550's FIFO: a paste of a few lines reaches a guest that reads its UART
/// more slowly than the paste arrives (piped input, which can be endless,
/// keeps the 16-byte bound).
const TYPE_AHEAD: usize = 4096;

/// The guest's keys from the host terminal (see the module's notes).
pub struct TerminalKeys {
    keys: Receiver<Key>,
    quit: Arc<AtomicBool>,
    /// A byte `wait` received, handed out by the next `read`.
    woken_by: Option<u8>,
}

impl TerminalKeys {
    /// Start reading the terminal.
    pub fn start() -> Self {
        let (tx, keys) = std::sync::mpsc::sync_channel(TYPE_AHEAD);
        let quit = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&quit);
        std::thread::spawn(move || read_keys(&tx, &flag));
        TerminalKeys { keys, quit, woken_by: None }
    }
}

impl KeySource for TerminalKeys {
    fn read(&mut self) -> HostInput {
        if let Some(b) = self.woken_by.take() {
            return HostInput::Byte(b);
        }
        match self.keys.try_recv() {
            Ok(Key::Byte(b)) => HostInput::Byte(b),
            Ok(Key::Quit) | Err(TryRecvError::Empty) => HostInput::Later,
            Err(TryRecvError::Disconnected) => HostInput::Ended,
        }
    }

    fn wait(&mut self, timeout: Option<Duration>) {
        if self.woken_by.is_some() || self.stop_requested() {
            return;
        }
        let key = match timeout {
            None => self.keys.recv().ok(),
            Some(t) => self.keys.recv_timeout(t).ok(),
        };
        if let Some(Key::Byte(b)) = key {
            self.woken_by = Some(b);
        }
    }

    fn stop_requested(&mut self) -> bool {
        self.quit.load(Ordering::Relaxed)
    }
}

/// The reader thread: keys to the guest, Ctrl-A sequences handled here.
fn read_keys(tx: &SyncSender<Key>, quit: &AtomicBool) {
    let mut stdin = std::io::stdin().lock();
    let mut buf = [0u8; 64];
    let mut after_escape = false;
    while let Ok(n) = stdin.read(&mut buf) {
        if n == 0 {
            return;
        }
        for &b in &buf[..n] {
            let key = if after_escape {
                after_escape = false;
                match escape_action(b) {
                    EscapeAction::Send(b) => Some(Key::Byte(b)),
                    EscapeAction::Quit => {
                        quit.store(true, Ordering::Relaxed);
                        Some(Key::Quit)
                    }
                    EscapeAction::Help => {
                        eprint!("\r\nCtrl-A x: quit hartsim\r\nCtrl-A Ctrl-A: send Ctrl-A\r\n");
                        None
                    }
                    EscapeAction::Ignore => None,
                }
            } else if b == ESCAPE {
                after_escape = true;
                None
            } else {
                Some(Key::Byte(b))
            };
            match key.map(|k| tx.try_send(k)) {
                // A full FIFO drops the key (an overrun), except Quit, which
                // the flag carries anyway.
                None | Some(Ok(()) | Err(TrySendError::Full(_))) => {}
                Some(Err(TrySendError::Disconnected(_))) => return,
            }
        }
    }
}
