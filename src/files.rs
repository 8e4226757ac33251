//! Reading a file a user named, safely, for every layer above: only regular files are opened (a FIFO would block
//! forever, a device like `/dev/zero` never ends), and never more than a hard byte cap, whatever size it reports.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

/// The most bytes read from a transcript, vignette or assignment file: far beyond any real one.
pub const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;

/// What kind of file `meta` describes, in words, when it is not a regular file.
pub fn not_regular(meta: &fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// Reads the regular file at `path`, at most `cap` bytes: a special file is refused before it is opened, and
/// a file that turns out longer than `cap` is refused after reading `cap + 1` bytes.
pub fn read_capped(path: &Path, cap: u64) -> io::Result<Vec<u8>> {
    let refuse = |what: &str| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{what}, not a regular file: Alliance reads only regular files"),
        )
    };
    if let Some(what) = not_regular(&fs::metadata(path)?) {
        return Err(refuse(what));
    }
    let f = File::open(path)?;
    // Checked again on the open file, in case the path was swapped in between.
    if let Some(what) = not_regular(&f.metadata()?) {
        return Err(refuse(what));
    }
    let mut bytes = Vec::new();
    f.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "the file is larger than {} MB, more than any file Alliance writes or reads",
                cap / (1024 * 1024)
            ),
        ));
    }
    Ok(bytes)
}

/// `read_capped` as UTF-8 text.
pub fn read_text(path: &Path, cap: u64) -> io::Result<String> {
    String::from_utf8(read_capped(path, cap)?).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
        )
    })
}
