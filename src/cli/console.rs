//! The CLI's guest console: output to stdout, keys from the terminal or a
//! pipe, and three reasons to stop a run cleanly besides Ctrl-A x:
//! - SIGINT, SIGTERM or SIGHUP: the handler only notes the signal, and the
//!   console turns it into a stop request, so the run returns, the console
//!   is flushed, the terminal restored and the stop reported;
//! - stdout failing (a closed pipe, as in `hartsim run prog.elf | head`, or
//!   a full disk): running on would lose everything the guest prints.

use hartsim::{HostConsole, HostInput, StdinReader};
use std::io::Write;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The signal that asked us to stop, or 0.
static RECEIVED: AtomicI32 = AtomicI32::new(0);

extern "C" fn note_signal(signal: libc::c_int) {
    RECEIVED.store(signal, Ordering::Relaxed);
}

/// Catch SIGINT, SIGTERM and SIGHUP from now on. Blocking calls they
/// interrupt are not restarted (no `SA_RESTART`), so a wait for a debugger
/// or for its next packet ends too.
pub fn catch_stop_signals() {
    for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        // SAFETY: the handler only stores to an atomic, which is
        // async-signal-safe; the sigaction struct is fully initialised
        // (zeroed, then the handler and an empty mask) before the call.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = note_signal as *const () as libc::sighandler_t;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

/// The signal received, by name and number, if any.
pub fn signal_received() -> Option<(&'static str, i32)> {
    match RECEIVED.load(Ordering::Relaxed) {
        0 => None,
        libc::SIGINT => Some(("SIGINT", libc::SIGINT)),
        libc::SIGTERM => Some(("SIGTERM", libc::SIGTERM)),
        libc::SIGHUP => Some(("SIGHUP", libc::SIGHUP)),
        n => Some(("a signal", n)),
    }
}

/// Forget a SIGINT once it has stopped what it was meant to stop (the
/// debugger's `continue`); other signals stay, to end hartsim.
pub fn forget_sigint() {
    let _ = RECEIVED.compare_exchange(libc::SIGINT, 0, Ordering::Relaxed, Ordering::Relaxed);
}

/// Where the guest's keys come from: the raw terminal or piped stdin.
pub trait KeySource {
    /// The next key, if one is ready (never blocks).
    fn read(&mut self) -> HostInput;
    /// Block until a key may be ready or `timeout` passes.
    fn wait(&mut self, timeout: Option<Duration>);
    /// Was Ctrl-A x typed?
    fn stop_requested(&mut self) -> bool {
        false
    }
}

/// Keys from stdin, read only once the guest looks for input.
#[derive(Default)]
pub struct PipedKeys(Option<StdinReader>);

impl KeySource for PipedKeys {
    fn read(&mut self) -> HostInput {
        self.0.get_or_insert_with(StdinReader::start).read()
    }

    fn wait(&mut self, timeout: Option<Duration>) {
        self.0.get_or_insert_with(StdinReader::start).wait(timeout);
    }
}

/// No keys: for the debugger, whose stdin carries commands.
pub struct NoKeys;

impl KeySource for NoKeys {
    fn read(&mut self) -> HostInput {
        HostInput::Ended
    }

    fn wait(&mut self, timeout: Option<Duration>) {
        std::thread::sleep(timeout.unwrap_or(Duration::from_millis(50)));
    }
}

/// The first error writing stdout, shared with the CLI, which reports it.
pub type OutputFailure = Arc<Mutex<Option<std::io::Error>>>;

/// The longest a wait for keys may block before signals are looked at.
const SIGNAL_POLL: Duration = Duration::from_millis(50);

/// The guest's console as the CLI gives it: see the module's notes.
pub struct CliConsole<K> {
    keys: K,
    out: std::io::Stdout,
    failure: OutputFailure,
}

impl<K: KeySource> CliConsole<K> {
    /// A console reading `keys`; the handle tells whether stdout failed.
    pub fn new(keys: K) -> (Self, OutputFailure) {
        let failure = OutputFailure::default();
        (CliConsole { keys, out: std::io::stdout(), failure: Arc::clone(&failure) }, failure)
    }

    fn failed(&self) -> bool {
        self.failure.lock().map(|f| f.is_some()).unwrap_or(true)
    }

    fn record(&self, result: std::io::Result<()>) {
        if let (Err(e), Ok(mut failure)) = (result, self.failure.lock()) {
            failure.get_or_insert(e);
        }
    }
}

impl<K: KeySource> HostConsole for CliConsole<K> {
    fn write(&mut self, bytes: &[u8]) {
        if self.failed() {
            return;
        }
        // Flushed at every newline, so a crash loses at most a partial line.
        let mut result = self.out.write_all(bytes);
        if result.is_ok() && bytes.contains(&b'\n') {
            result = self.out.flush();
        }
        self.record(result);
    }

    fn flush(&mut self) {
        if !self.failed() {
            let result = self.out.flush();
            self.record(result);
        }
    }

    fn read(&mut self) -> HostInput {
        self.keys.read()
    }

    fn wait(&mut self, timeout: Option<Duration>) {
        // Wait in slices, so a signal ends even a wait for a key that never comes.
        let slice = timeout.map_or(SIGNAL_POLL, |t| t.min(SIGNAL_POLL));
        self.keys.wait(Some(slice));
    }

    fn stop_requested(&mut self) -> bool {
        signal_received().is_some() || self.failed() || self.keys.stop_requested()
    }
}
