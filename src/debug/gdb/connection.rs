//! The connection side of the stub: a TCP stream that gives up a blocking
//! read when the host wants to stop, and the event loop that runs the
//! program in slices while watching the stream for GDB's Ctrl-C.

use super::Debuggee;
use gdbstub::common::Signal;
use gdbstub::conn::{Connection, ConnectionExt};
use gdbstub::stub::SingleThreadStopReason;
use gdbstub::stub::run_blocking::{self, BlockingEventLoop, WaitForStopReasonError};
use std::net::TcpStream;

/// The connection to GDB: a TCP stream whose blocking reads give up when the
/// host wants to stop (a signal), so a session waiting for GDB's next packet
/// can still be ended.
pub struct GdbConnection {
    pub(super) stream: TcpStream,
    pub(super) host_wants_stop: Box<dyn Fn() -> bool>,
}

/// How often a blocked read looks at `host_wants_stop`.
pub(super) const READ_POLL: std::time::Duration = std::time::Duration::from_millis(100);

impl Connection for GdbConnection {
    type Error = std::io::Error;

    fn write(&mut self, byte: u8) -> std::io::Result<()> {
        std::io::Write::write_all(&mut self.stream, &[byte])
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        std::io::Write::write_all(&mut self.stream, buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::Write::flush(&mut self.stream)
    }

    fn on_session_start(&mut self) -> std::io::Result<()> {
        self.stream.set_nodelay(true)
    }
}

impl ConnectionExt for GdbConnection {
    fn read(&mut self) -> std::io::Result<u8> {
        use std::io::{ErrorKind, Read};
        self.stream.set_nonblocking(false)?;
        self.stream.set_read_timeout(Some(READ_POLL))?;
        let mut byte = [0u8];
        loop {
            match Read::read(&mut self.stream, &mut byte) {
                Ok(1) => return Ok(byte[0]),
                Ok(_) => return Err(ErrorKind::UnexpectedEof.into()),
                Err(e)
                    if matches!(
                        e.kind(),
                        ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                    ) =>
                {
                    if (self.host_wants_stop)() {
                        return Err(ErrorKind::Interrupted.into());
                    }
                }
                Err(e) => return Err(e),
            }
        }
    }

    fn peek(&mut self) -> std::io::Result<Option<u8>> {
        self.stream.set_nonblocking(true)?;
        let mut byte = [0u8];
        match self.stream.peek(&mut byte) {
            Ok(_) => Ok(Some(byte[0])),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The event loop gdbstub drives: run slices, watching the connection.
pub(super) enum EventLoop {}

impl BlockingEventLoop for EventLoop {
    type Target = Debuggee;
    type Connection = GdbConnection;
    type StopReason = SingleThreadStopReason<u64>;

    fn wait_for_stop_reason(
        target: &mut Debuggee,
        conn: &mut GdbConnection,
    ) -> Result<
        run_blocking::Event<SingleThreadStopReason<u64>>,
        WaitForStopReasonError<String, std::io::Error>,
    > {
        loop {
            if conn.peek().map_err(WaitForStopReasonError::Connection)?.is_some() {
                let byte = ConnectionExt::read(conn).map_err(WaitForStopReasonError::Connection)?;
                return Ok(run_blocking::Event::IncomingData(byte));
            }
            if let Some(reason) = target.run_slice() {
                return Ok(run_blocking::Event::TargetStopped(reason));
            }
        }
    }

    fn on_interrupt(target: &mut Debuggee) -> Result<Option<SingleThreadStopReason<u64>>, String> {
        target.last_stop = Some(format!("interrupted by GDB at pc {:#x}", target.machine.pc()));
        Ok(Some(SingleThreadStopReason::Signal(Signal::SIGINT)))
    }
}
