//! Videos of submissions, cleaned of the place they were filmed, and held to a short length.
//!
//! Phones write where a video was taken into the file itself. An MP4 or MOV keeps it in a
//! `©xyz` entry ("+40.0801+029.5087/") inside `moov/udta`, or under the key
//! `com.apple.quicktime.location.ISO6709` inside a `meta` box (also per track), and editing apps
//! add XMP (which can name the author and the place) in `uuid` boxes. A WebM or Matroska file can
//! carry the same in its `Tags`, and whole files in its `Attachments`. Stored as uploaded, all of
//! that would be published with the submission.
//!
//! We cannot re-encode a video here (there is no ffmpeg on the server), so we edit the container
//! instead, and we do it *in place*: every metadata box or element keeps its exact position and
//! length; only its name becomes "filler" (`free` in MP4, `Void` in WebM) and its content becomes
//! zeros. Nothing moves, so the tables that point into the file (the `stco`/`co64` chunk offsets
//! of MP4, `SeekHead` and `Cues` of WebM) stay right and the video still plays everywhere.
//!
//! The same walk reads how long the video says it is (`mvhd` in MP4, `Info/Duration` in WebM),
//! so that only short videos are accepted. A file that cannot be walked from start to end is
//! refused: if we cannot see all of it, we cannot promise that the position is gone. The bytes
//! come from strangers, so the parser never indexes unchecked and never panics; every size is
//! checked against the box or element around it before it is used.
//!
//! What this does not remove: positions stored as media samples beside the picture, such as the
//! GPS telemetry tracks of action cameras (GoPro GPMF, Google `camm`); those live in `mdat` like
//! the video itself.
use std::ops::Range;

/// The longest video accepted, in seconds.
pub const MAX_VIDEO_SECONDS: f64 = 90.0;

/// Why a video was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VideoProblem {
    /// Neither MP4/MOV nor WebM/Matroska, or such a file damaged or cut short.
    NotAVideo,
    /// Longer than [`MAX_VIDEO_SECONDS`].
    TooLong,
    /// The file does not say how long it is (e.g. a recording saved as a live stream).
    UnknownDuration,
}

/// A video with its metadata neutralised, ready to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct CleanVideo {
    /// The cleaned file: the same length as the upload.
    pub bytes: Vec<u8>,
    /// `video/mp4` or `video/webm`.
    pub media_type: &'static str,
    /// `mp4` or `webm`.
    pub ext: &'static str,
    pub duration_secs: f64,
}

/// Recognises MP4/MOV (ISO BMFF, an `ftyp` box first) or WebM (EBML header, DocType webm/matroska),
/// removes every metadata box that can carry a place or a person, and checks the duration.
pub fn clean_video(mut bytes: Vec<u8>) -> Result<CleanVideo, VideoProblem> {
    let (media_type, ext, duration) = if bytes.get(4..8) == Some(b"ftyp".as_slice()) {
        ("video/mp4", "mp4", clean_bmff(&mut bytes)?)
    } else if bytes.starts_with(&EBML_MAGIC) {
        ("video/webm", "webm", clean_ebml(&mut bytes)?)
    } else {
        return Err(VideoProblem::NotAVideo);
    };
    let duration_secs = duration.filter(|d| d.is_finite() && *d > 0.0).ok_or(VideoProblem::UnknownDuration)?;
    if duration_secs > MAX_VIDEO_SECONDS {
        return Err(VideoProblem::TooLong);
    }
    Ok(CleanVideo { bytes, media_type, ext, duration_secs })
}

/// The larger of two optional durations (a file may state it twice; the longer one counts).
fn longer(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// `N` bytes of `data` from `at`, or `NotAVideo` when the file ends before.
fn array<const N: usize>(data: &[u8], at: usize) -> Result<[u8; N], VideoProblem> {
    at.checked_add(N).and_then(|end| data.get(at..end)).and_then(|s| s.try_into().ok()).ok_or(VideoProblem::NotAVideo)
}

// MP4 and MOV (the ISO base media file format). The file is a list of boxes: a 32-bit size
// (which includes the 8-byte header), a 4-letter type, then the content. Size 1 means a 64-bit
// size follows the type; size 0 means "to the end of the file (or of the box around it)". Some
// boxes (`moov`, `trak`, ...) contain more boxes.

/// Boxes that only hold other boxes; we walk into them to find the metadata further down.
const BMFF_CONTAINERS: [[u8; 4]; 7] = [*b"moov", *b"trak", *b"mdia", *b"minf", *b"stbl", *b"edts", *b"dinf"];

/// Real files nest containers five deep (`moov/trak/mdia/minf/stbl`); a much deeper file is
/// made up, and refusing it keeps the recursion (and the stack) small.
const BMFF_MAX_DEPTH: usize = 12;

/// One box, by absolute offsets into the file.
#[derive(Debug, Clone, Copy)]
struct Bx {
    kind: [u8; 4],
    /// Where the box (its size field) starts.
    start: usize,
    /// Where its content starts, after the 8- or 16-byte header.
    body: usize,
    /// Just past its last byte.
    end: usize,
}

/// Reads the box at `pos`, one of the boxes that fill the range up to `end`, or `None` when the
/// range is done. The box must fit inside the range; only a few zero bytes may be left at its end
/// (old QuickTime files close some lists with a 32-bit zero). Reading one box at a time, instead
/// of listing them, keeps memory flat even for a file made of millions of tiny boxes.
fn next_box(data: &[u8], pos: usize, end: usize) -> Result<Option<Bx>, VideoProblem> {
    if pos >= end {
        return Ok(None);
    }
    let rest = data.get(pos..end).ok_or(VideoProblem::NotAVideo)?;
    if rest.len() < 8 {
        return if rest.iter().all(|&b| b == 0) { Ok(None) } else { Err(VideoProblem::NotAVideo) };
    }
    let available = u64::try_from(rest.len()).map_err(|_| VideoProblem::NotAVideo)?;
    let (size, header) = match u32::from_be_bytes(array(rest, 0)?) {
        0 => (available, 8),
        1 => (u64::from_be_bytes(array(rest, 8)?), 16),
        n => (u64::from(n), 8),
    };
    if size < header || size > available {
        return Err(VideoProblem::NotAVideo);
    }
    // Both fit in `rest`, so they fit in usize and the sums stay inside the range.
    let size = usize::try_from(size).map_err(|_| VideoProblem::NotAVideo)?;
    let header = usize::try_from(header).map_err(|_| VideoProblem::NotAVideo)?;
    let box_end = pos.checked_add(size).ok_or(VideoProblem::NotAVideo)?;
    Ok(Some(Bx { kind: array(rest, 4)?, start: pos, body: pos + header, end: box_end }))
}

/// Cleans an MP4/MOV in place; returns the duration in seconds when the file states one.
fn clean_bmff(data: &mut [u8]) -> Result<Option<f64>, VideoProblem> {
    let mut duration = None;
    walk_bmff(data, 0..data.len(), None, 0, &mut duration)?;
    Ok(duration)
}

/// Cleans the boxes in `range` (the whole file, or the content of the container `parent`) and
/// walks into the containers among them.
fn walk_bmff(
    data: &mut [u8],
    range: Range<usize>,
    parent: Option<[u8; 4]>,
    depth: usize,
    duration: &mut Option<f64>,
) -> Result<(), VideoProblem> {
    if depth > BMFF_MAX_DEPTH {
        return Err(VideoProblem::NotAVideo);
    }
    let mut pos = range.start;
    while let Some(b) = next_box(data, pos, range.end)? {
        pos = b.end;
        match &b.kind {
            // User data (`©xyz`, `loci`, author, camera...) and metadata (`ISO6709` keys, XMP):
            // nothing a player needs.
            b"udta" | b"meta" => blank_box(data, b)?,
            // XMP lives in `uuid` boxes at the top or in `moov`/`trak`. Deeper ones (in sample
            // tables) may matter for playback, so they stay.
            b"uuid" if parent.is_none_or(|p| &p == b"moov" || &p == b"trak") => blank_box(data, b)?,
            b"mvhd" if parent == Some(*b"moov") => {
                *duration = longer(*duration, mvhd_seconds(data.get(b.body..b.end).unwrap_or_default()));
            }
            kind if BMFF_CONTAINERS.contains(kind) => {
                walk_bmff(data, b.body..b.end, Some(b.kind), depth + 1, duration)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Turns a box into a `free` box of the same size with only zeros inside. Its size field (and
/// 64-bit size, if any) stays, so every other box stays where it was.
fn blank_box(data: &mut [u8], b: Bx) -> Result<(), VideoProblem> {
    let kind = b.start.checked_add(4).zip(b.start.checked_add(8)).and_then(|(from, to)| data.get_mut(from..to));
    kind.ok_or(VideoProblem::NotAVideo)?.copy_from_slice(b"free");
    data.get_mut(b.body..b.end).ok_or(VideoProblem::NotAVideo)?.fill(0);
    Ok(())
}

/// The duration of the movie header (`mvhd`), from its content: version and flags, then (version
/// 0) 32-bit creation and modification times, timescale and duration, or (version 1) 64-bit
/// times, a 32-bit timescale and a 64-bit duration. A duration of all ones means "unknown", and
/// zero is what fragmented files write before their fragments are counted.
fn mvhd_seconds(body: &[u8]) -> Option<f64> {
    let (timescale, duration) = match body.first()? {
        0 => {
            let d = u32::from_be_bytes(array(body, 16).ok()?);
            (u32::from_be_bytes(array(body, 12).ok()?), if d == u32::MAX { 0 } else { u64::from(d) })
        }
        1 => {
            let d = u64::from_be_bytes(array(body, 24).ok()?);
            (u32::from_be_bytes(array(body, 20).ok()?), if d == u64::MAX { 0 } else { d })
        }
        _ => return None,
    };
    if timescale == 0 || duration == 0 {
        return None;
    }
    // u64 to f64 may round in the last bits of enormous values; irrelevant for a time limit.
    Some(duration as f64 / f64::from(timescale))
}

// WebM and Matroska (EBML). The file is a list of elements: an ID (1 to 4 bytes, its length told
// by the leading zero bits of the first byte), a size written the same way (1 to 8 bytes, without
// the marker bit), then the content. A size of all ones means "unknown": browsers recording live
// write the Segment and its Clusters that way, and such a Cluster ends where the next
// Segment-level element begins.

/// The first four bytes of every EBML file: the ID of the EBML header.
const EBML_MAGIC: [u8; 4] = [0x1A, 0x45, 0xDF, 0xA3];
const EBML_HEADER: u32 = 0x1A45_DFA3;
const DOC_TYPE: u32 = 0x4282;
const SEGMENT: u32 = 0x1853_8067;
const SEEK_HEAD: u32 = 0x114D_9B74;
const INFO: u32 = 0x1549_A966;
const TIMECODE_SCALE: u32 = 0x2A_D7B1;
const DURATION: u32 = 0x4489;
const TRACKS: u32 = 0x1654_AE6B;
const CHAPTERS: u32 = 0x1043_A770;
const CLUSTER: u32 = 0x1F43_B675;
const CUES: u32 = 0x1C53_BB6B;
const ATTACHMENTS: u32 = 0x1941_A469;
const TAGS: u32 = 0x1254_C367;
/// Filler: players skip it.
const VOID: u8 = 0xEC;
/// The IDs that can follow a Cluster in a Segment (or start a new file): where one of them
/// appears, a Cluster of unknown size has ended.
const AFTER_CLUSTER: [u32; 10] =
    [SEEK_HEAD, INFO, TRACKS, CHAPTERS, CLUSTER, CUES, ATTACHMENTS, TAGS, SEGMENT, EBML_HEADER];
/// Nanoseconds per tick when the file does not say (`TimecodeScale` default).
const DEFAULT_TIMECODE_SCALE: u64 = 1_000_000;

/// The head of one element, by absolute offsets into the file.
#[derive(Debug, Clone, Copy)]
struct El {
    id: u32,
    /// Where its content starts, after ID and size.
    body: usize,
    /// The content's length, `None` when unknown.
    size: Option<usize>,
}

/// Reads a variable-length integer at `pos`, ending before `end`, at most `max_len` bytes long.
/// Returns it with its marker bit still set, and its length.
fn read_vint(data: &[u8], pos: usize, end: usize, max_len: u32) -> Result<(u64, usize), VideoProblem> {
    let first = *data.get(pos).filter(|_| pos < end).ok_or(VideoProblem::NotAVideo)?;
    let len = first.leading_zeros() + 1; // 9 for a zero byte, which no valid vint starts with
    if len > max_len {
        return Err(VideoProblem::NotAVideo);
    }
    let len = len as usize; // at most 8
    let stop = pos.checked_add(len).filter(|&s| s <= end).ok_or(VideoProblem::NotAVideo)?;
    let bytes = data.get(pos..stop).ok_or(VideoProblem::NotAVideo)?;
    Ok((bytes.iter().fold(0u64, |v, &b| (v << 8) | u64::from(b)), len))
}

/// Reads the ID and size of the element at `pos`, which must lie before `end`.
fn ebml_head(data: &[u8], pos: usize, end: usize) -> Result<El, VideoProblem> {
    let (id, id_len) = read_vint(data, pos, end, 4)?;
    let id = u32::try_from(id).map_err(|_| VideoProblem::NotAVideo)?;
    let size_at = pos.checked_add(id_len).ok_or(VideoProblem::NotAVideo)?;
    let (raw, size_len) = read_vint(data, size_at, end, 8)?;
    let marker = 1u64 << (7 * size_len); // size_len <= 8, so at most 1 << 56
    let value = raw ^ marker;
    let body = size_at.checked_add(size_len).ok_or(VideoProblem::NotAVideo)?;
    let size =
        if value == marker - 1 { None } else { Some(usize::try_from(value).map_err(|_| VideoProblem::NotAVideo)?) };
    Ok(El { id, body, size })
}

/// Where an element of known size ends; it must end by `limit`.
fn known_end(el: El, limit: usize) -> Result<usize, VideoProblem> {
    el.size.and_then(|n| el.body.checked_add(n)).filter(|&e| e <= limit).ok_or(VideoProblem::NotAVideo)
}

/// The children of an element whose content is `range`, one by one, as (ID, content range). All
/// must have a known size and fit inside.
fn children(data: &[u8], range: Range<usize>) -> Children<'_> {
    Children { data, pos: range.start, end: range.end }
}

/// See [`children`].
struct Children<'a> {
    data: &'a [u8],
    pos: usize,
    end: usize,
}

impl Iterator for Children<'_> {
    type Item = Result<(u32, Range<usize>), VideoProblem>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.end {
            return None;
        }
        let child =
            ebml_head(self.data, self.pos, self.end).and_then(|el| Ok((el.id, el.body..known_end(el, self.end)?)));
        // After an error there is nothing more to read.
        self.pos = child.as_ref().map_or(self.end, |(_, body)| body.end);
        Some(child)
    }
}

/// Cleans a WebM/Matroska file in place; returns the duration in seconds when the file states one.
fn clean_ebml(data: &mut [u8]) -> Result<Option<f64>, VideoProblem> {
    let len = data.len();
    let header = ebml_head(data, 0, len)?;
    if header.id != EBML_HEADER {
        return Err(VideoProblem::NotAVideo);
    }
    let header_end = known_end(header, len)?;
    let mut doc_type = None;
    for child in children(data, header.body..header_end) {
        let (id, body) = child?;
        if id == DOC_TYPE {
            doc_type = data.get(body);
        }
    }
    let doc_type = doc_type.ok_or(VideoProblem::NotAVideo)?;
    // Strings may be padded with zero bytes.
    let doc_type = doc_type.split(|&b| b == 0).next().unwrap_or_default();
    if doc_type != b"webm" && doc_type != b"matroska" {
        return Err(VideoProblem::NotAVideo);
    }
    let mut duration = None;
    let mut segments = 0;
    let mut pos = header_end;
    while pos < len {
        let el = ebml_head(data, pos, len)?;
        let end = match el.size {
            None if el.id == SEGMENT => len,
            _ => known_end(el, len)?,
        };
        if el.id == SEGMENT {
            segments += 1;
            duration = longer(duration, clean_segment(data, el.body..end)?);
        }
        pos = end;
    }
    if segments == 0 {
        return Err(VideoProblem::NotAVideo);
    }
    Ok(duration)
}

/// Cleans the children of one Segment (its content is `range`): `Tags` and `Attachments` become
/// `Void`; `Info` gives the duration.
fn clean_segment(data: &mut [u8], range: Range<usize>) -> Result<Option<f64>, VideoProblem> {
    let mut duration = None;
    let mut pos = range.start;
    while pos < range.end {
        let el = ebml_head(data, pos, range.end)?;
        let end = match el.size {
            None if el.id == CLUSTER => unknown_cluster_end(data, el.body, range.end)?,
            _ => known_end(el, range.end)?,
        };
        match el.id {
            TAGS | ATTACHMENTS => make_void(data, pos..end)?,
            INFO => duration = longer(duration, info_seconds(data, el.body..end)?),
            _ => {}
        }
        pos = end;
    }
    Ok(duration)
}

/// Where a Cluster of unknown size ends: at the first element that cannot be inside a Cluster,
/// or at `limit`. Every element inside must have a known size.
fn unknown_cluster_end(data: &[u8], body: usize, limit: usize) -> Result<usize, VideoProblem> {
    let mut pos = body;
    while pos < limit {
        let el = ebml_head(data, pos, limit)?;
        if AFTER_CLUSTER.contains(&el.id) {
            return Ok(pos);
        }
        pos = known_end(el, limit)?;
    }
    Ok(limit)
}

/// Overwrites the element at `range` with a `Void` element of exactly the same length: the ID
/// 0xEC, a size as wide as needed, then zeros.
fn make_void(data: &mut [u8], range: Range<usize>) -> Result<(), VideoProblem> {
    let total = u64::try_from(range.len()).map_err(|_| VideoProblem::NotAVideo)?;
    // A size of `width` bytes holds up to 2^(7 × width) − 2 (all ones means "unknown").
    let (width, content) = (1..=8u32)
        .find_map(|w| {
            let content = total.checked_sub(1 + u64::from(w))?;
            (content < (1u64 << (7 * w)) - 1).then_some((w as usize, content))
        })
        .ok_or(VideoProblem::NotAVideo)?;
    let size = (content | (1u64 << (7 * width))).to_be_bytes();
    let area = data.get_mut(range).ok_or(VideoProblem::NotAVideo)?;
    area.fill(0);
    let (id, rest) = area.split_first_mut().ok_or(VideoProblem::NotAVideo)?;
    *id = VOID;
    let size = size.get(8 - width..).ok_or(VideoProblem::NotAVideo)?;
    rest.get_mut(..width).ok_or(VideoProblem::NotAVideo)?.copy_from_slice(size);
    Ok(())
}

/// The duration stated by `Info` (content `range`): `Duration` (a float, in ticks) times
/// `TimecodeScale` (nanoseconds per tick).
fn info_seconds(data: &[u8], range: Range<usize>) -> Result<Option<f64>, VideoProblem> {
    let mut scale = Some(DEFAULT_TIMECODE_SCALE);
    let mut ticks = None;
    for child in children(data, range) {
        let (id, body) = child?;
        let value = data.get(body).ok_or(VideoProblem::NotAVideo)?;
        match id {
            TIMECODE_SCALE => scale = read_uint(value),
            DURATION => ticks = read_float(value),
            _ => {}
        }
    }
    Ok(match (ticks, scale) {
        (Some(t), Some(s)) if s > 0 => Some(t * s as f64 / 1e9),
        _ => None,
    })
}

/// A big-endian unsigned integer of 0 to 8 bytes.
fn read_uint(bytes: &[u8]) -> Option<u64> {
    (bytes.len() <= 8).then(|| bytes.iter().fold(0u64, |v, &b| (v << 8) | u64::from(b)))
}

/// A big-endian float of 4 or 8 bytes (0 bytes means 0.0).
fn read_float(bytes: &[u8]) -> Option<f64> {
    match bytes.len() {
        0 => Some(0.0),
        4 => Some(f64::from(f32::from_be_bytes(bytes.try_into().ok()?))),
        8 => Some(f64::from_be_bytes(bytes.try_into().ok()?)),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    // Building MP4 files.

    /// A box with a 32-bit size.
    fn bx(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
        let mut out = u32::try_from(payload.len() + 8).unwrap().to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(payload);
        out
    }

    /// A box with size 1 and a 64-bit size after the type.
    fn large_box(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
        let mut out = 1u32.to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(&(payload.len() as u64 + 16).to_be_bytes());
        out.extend_from_slice(payload);
        out
    }

    /// The content of a "full box": version, three bytes of flags, then the rest.
    fn full(version: u8, rest: &[u8]) -> Vec<u8> {
        let mut out = vec![version, 0, 0, 0];
        out.extend_from_slice(rest);
        out
    }

    fn cat(parts: &[&[u8]]) -> Vec<u8> {
        parts.concat()
    }

    fn mvhd(timescale: u32, duration: u32) -> Vec<u8> {
        let mut rest = vec![0; 8]; // creation and modification times
        rest.extend_from_slice(&timescale.to_be_bytes());
        rest.extend_from_slice(&duration.to_be_bytes());
        rest.extend_from_slice(&[0, 1, 0, 0, 1, 0]); // rate 1.0, volume 1.0
        rest.extend_from_slice(&[0; 10 + 36 + 24]); // reserved, matrix, pre-defined
        rest.extend_from_slice(&2u32.to_be_bytes()); // next track ID
        bx(b"mvhd", &full(0, &rest))
    }

    fn mvhd_v1(timescale: u32, duration: u64) -> Vec<u8> {
        let mut rest = vec![0; 16];
        rest.extend_from_slice(&timescale.to_be_bytes());
        rest.extend_from_slice(&duration.to_be_bytes());
        rest.extend_from_slice(&[0; 80]);
        bx(b"mvhd", &full(1, &rest))
    }

    const XYZ: &[u8; 4] = b"\xa9xyz";
    const PLACE: &[u8] = b"+40.0801+029.5087/";

    /// `©xyz` as iPhones and Android phones write it: string length, language, the ISO 6709 text.
    fn xyz() -> Vec<u8> {
        bx(XYZ, &cat(&[&[0, 18, 0x15, 0xC7], PLACE]))
    }

    /// The Apple `meta` box with the `com.apple.quicktime.location.ISO6709` key.
    fn apple_meta() -> Vec<u8> {
        let hdlr = bx(b"hdlr", &full(0, &cat(&[&[0; 4], b"mdta", &[0; 13]])));
        let key = b"com.apple.quicktime.location.ISO6709";
        let keys = bx(b"keys", &full(0, &cat(&[&1u32.to_be_bytes(), &bx(b"mdta", key)])));
        let value = bx(b"data", &cat(&[&[0, 0, 0, 1, 0, 0, 0, 0], b"+40.0801+029.5087+000.000/"]));
        let ilst = bx(b"ilst", &bx(&[0, 0, 0, 1], &value));
        bx(b"meta", &cat(&[&hdlr, &keys, &ilst]))
    }

    /// XMP in a top-level `uuid` box, as editing apps write it.
    fn xmp_uuid() -> Vec<u8> {
        let uuid = [0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC];
        bx(b"uuid", &cat(&[&uuid, b"<x:xmpmeta><rdf:Description exif:GPSLatitude=\"40,4.806N\"/></x:xmpmeta>"]))
    }

    fn moov(mvhd: &[u8], chunk_offset: u32) -> Vec<u8> {
        let tkhd = bx(b"tkhd", &full(0, &[0; 80]));
        let trak_udta = bx(b"udta", &cat(&[&bx(b"\xa9nam", b"\0\x08\0\0Ali Veli"), &xyz()]));
        let mdhd = bx(b"mdhd", &full(0, &cat(&[&[0; 8], &1000u32.to_be_bytes(), &12_000u32.to_be_bytes(), &[0; 4]])));
        let hdlr = bx(b"hdlr", &full(0, &cat(&[&[0; 4], b"vide", &[0; 12], b"VideoHandler\0"])));
        let stsd = bx(b"stsd", &full(0, &0u32.to_be_bytes()));
        let stco = bx(b"stco", &full(0, &cat(&[&1u32.to_be_bytes(), &chunk_offset.to_be_bytes()])));
        let minf = bx(b"minf", &bx(b"stbl", &cat(&[&stsd, &stco])));
        let mdia = bx(b"mdia", &cat(&[&mdhd, &hdlr, &minf]));
        let trak = bx(b"trak", &cat(&[&tkhd, &trak_udta, &mdia]));
        bx(b"moov", &cat(&[mvhd, &bx(b"udta", &xyz()), &trak, &apple_meta()]))
    }

    /// A phone-like MP4: ftyp, XMP uuid, moov (location in udta, trak/udta and meta), mdat.
    /// Returns the file and where its `stco` box starts.
    fn sample_mp4(duration_ms: u32) -> (Vec<u8>, usize) {
        let ftyp = bx(b"ftyp", b"isom\0\0\x02\0isomiso2mp41");
        let head = cat(&[&ftyp, &xmp_uuid()]);
        let mvhd = mvhd(1000, duration_ms);
        let moov_len = moov(&mvhd, 0).len();
        let moov = moov(&mvhd, u32::try_from(head.len() + moov_len + 8).unwrap());
        let file = cat(&[&head, &moov, &bx(b"mdat", b"frame one, frame two, frame three")]);
        let stco = find(&file, b"stco").unwrap() - 4;
        (file, stco)
    }

    fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
        hay.windows(needle.len()).position(|w| w == needle)
    }

    /// Walks every box of the file as a player would, returning (depth, type) of each.
    fn all_boxes(data: &[u8]) -> Vec<(usize, [u8; 4])> {
        fn walk(data: &[u8], range: Range<usize>, depth: usize, out: &mut Vec<(usize, [u8; 4])>) {
            let mut pos = range.start;
            while let Some(b) = next_box(data, pos, range.end).unwrap() {
                out.push((depth, b.kind));
                if BMFF_CONTAINERS.contains(&b.kind) {
                    walk(data, b.body..b.end, depth + 1, out);
                }
                pos = b.end;
            }
        }
        let mut out = Vec::new();
        walk(data, 0..data.len(), 0, &mut out);
        out
    }

    // MP4.

    #[test]
    fn mp4_location_is_blanked_in_place() {
        let (original, stco_at) = sample_mp4(12_000);
        for secret in [&XYZ[..], PLACE, b"+40.0801", b"ISO6709", b"GPSLatitude", b"Ali Veli"] {
            assert!(find(&original, secret).is_some());
        }
        let clean = clean_video(original.clone()).unwrap();
        assert_eq!((clean.media_type, clean.ext, clean.duration_secs), ("video/mp4", "mp4", 12.0));
        assert_eq!(clean.bytes.len(), original.len());
        for secret in [&XYZ[..], PLACE, b"+40.0801", b"ISO6709", b"GPSLatitude", b"Ali Veli"] {
            assert_eq!(find(&clean.bytes, secret), None, "{}", String::from_utf8_lossy(secret));
        }
        // Every box still parses, the metadata boxes became `free` of the same size, the others
        // are where they were.
        let before = all_boxes(&original);
        let after = all_boxes(&clean.bytes);
        let kinds: Vec<_> = after.iter().map(|(d, k)| format!("{d}{}", String::from_utf8_lossy(k))).collect();
        assert_eq!(
            kinds.join(" "),
            "0ftyp 0free 0moov 1mvhd 1free 1trak 2tkhd 2free 2mdia 3mdhd 3hdlr 3minf 4stbl 5stsd 5stco 1free 0mdat"
        );
        assert_eq!(before.len(), after.len());
        // The chunk offsets are untouched and still point at the media data.
        assert_eq!(clean.bytes.get(stco_at..stco_at + 24), original.get(stco_at..stco_at + 24));
        let offset = u32::from_be_bytes(clean.bytes[stco_at + 16..stco_at + 20].try_into().unwrap()) as usize;
        assert_eq!(&clean.bytes[offset..offset + 9], b"frame one");
        // Outside the blanked boxes not a byte changed, and cleaning again changes nothing.
        let changed = original.iter().zip(&clean.bytes).filter(|(a, b)| a != b).count();
        assert!(changed > 0 && changed < original.len() / 2);
        assert_eq!(clean_video(clean.bytes.clone()).map(|again| again.bytes), Ok(clean.bytes));
    }

    #[test]
    fn mp4_with_64_bit_sizes_and_size_zero() {
        let ftyp = bx(b"ftyp", b"mp42\0\0\0\0mp42isom");
        let udta = large_box(b"udta", &xyz());
        let moov = bx(b"moov", &cat(&[&mvhd_v1(600, 600 * 30), &udta]));
        let mdat = large_box(b"mdat", &[7; 100]);
        let file = cat(&[&ftyp, &moov, &mdat]);
        let clean = clean_video(file.clone()).unwrap();
        assert_eq!(clean.duration_secs, 30.0);
        assert_eq!(clean.bytes.len(), file.len());
        assert_eq!(find(&clean.bytes, PLACE), None);
        // The blanked box kept its 64-bit size.
        let at = find(&file, b"udta").unwrap() - 4;
        assert_eq!(
            &clean.bytes[at..at + 16],
            &cat(&[&1u32.to_be_bytes(), b"free", &(udta.len() as u64).to_be_bytes()])
        );
        assert_eq!(&clean.bytes[clean.bytes.len() - 100..], &[7; 100]);

        // Size 0: the last box runs to the end of the file (or of its parent).
        let mut udta0 = bx(b"udta", &xyz());
        udta0[..4].copy_from_slice(&[0; 4]);
        let moov = bx(b"moov", &cat(&[&mvhd(1000, 5000), &udta0]));
        let mut mdat0 = bx(b"mdat", &[7; 50]);
        mdat0[..4].copy_from_slice(&[0; 4]);
        let clean = clean_video(cat(&[&ftyp, &moov, &mdat0])).unwrap();
        assert_eq!(clean.duration_secs, 5.0);
        assert_eq!(find(&clean.bytes, PLACE), None);
    }

    #[test]
    fn mp4_duration_is_enforced() {
        assert_eq!(clean_video(sample_mp4(120_000).0).err(), Some(VideoProblem::TooLong));
        assert_eq!(clean_video(sample_mp4(90_000).0).map(|v| v.duration_secs), Ok(90.0));
        assert_eq!(clean_video(sample_mp4(90_001).0).err(), Some(VideoProblem::TooLong));
        let ftyp = bx(b"ftyp", b"isom\0\0\0\0isom");
        let unknown = |moov: Vec<u8>| clean_video(cat(&[&ftyp, &moov, &bx(b"mdat", &[1; 8])])).err();
        assert_eq!(unknown(bx(b"moov", &bx(b"udta", &xyz()))), Some(VideoProblem::UnknownDuration));
        assert_eq!(unknown(bx(b"moov", &mvhd(0, 12_000))), Some(VideoProblem::UnknownDuration));
        assert_eq!(unknown(bx(b"moov", &mvhd(1000, 0))), Some(VideoProblem::UnknownDuration));
        assert_eq!(unknown(bx(b"moov", &mvhd(1000, u32::MAX))), Some(VideoProblem::UnknownDuration));
        assert_eq!(unknown(bx(b"moov", &mvhd_v1(1000, u64::MAX))), Some(VideoProblem::UnknownDuration));
        assert_eq!(unknown(bx(b"moov", &bx(b"mvhd", &full(0, &[0; 8])))), Some(VideoProblem::UnknownDuration));
        assert_eq!(unknown(bx(b"moov", &bx(b"mvhd", &full(2, &[0; 96])))), Some(VideoProblem::UnknownDuration));
        // An `mvhd` outside `moov` does not count.
        assert_eq!(clean_video(cat(&[&ftyp, &mvhd(1000, 1000)])).err(), Some(VideoProblem::UnknownDuration));
        // No `moov` at all.
        assert_eq!(clean_video(bx(b"ftyp", b"isom")).err(), Some(VideoProblem::UnknownDuration));
    }

    #[test]
    fn broken_mp4_sizes_are_refused() {
        let (file, _) = sample_mp4(12_000);
        let moov_at = find(&file, b"moov").unwrap() - 4;
        let set_size = |at: usize, size: u32| {
            let mut f = file.clone();
            f[at..at + 4].copy_from_slice(&size.to_be_bytes());
            clean_video(f).err()
        };
        assert_eq!(set_size(moov_at, u32::try_from(file.len()).unwrap()), Some(VideoProblem::NotAVideo));
        assert_eq!(set_size(moov_at, u32::MAX), Some(VideoProblem::NotAVideo));
        assert_eq!(set_size(moov_at, 7), Some(VideoProblem::NotAVideo));
        // A child that overflows its parent.
        let trak_at = find(&file, b"trak").unwrap() - 4;
        let trak_len = u32::from_be_bytes(file[trak_at..trak_at + 4].try_into().unwrap());
        assert_eq!(set_size(trak_at, trak_len + 8), Some(VideoProblem::NotAVideo));
        // A 64-bit size pointing far past the end.
        let ftyp = bx(b"ftyp", b"isom");
        let huge = cat(&[&1u32.to_be_bytes(), b"mdat", &u64::MAX.to_be_bytes(), &[0; 8]]);
        assert_eq!(clean_video(cat(&[&ftyp, &huge])).err(), Some(VideoProblem::NotAVideo));
        let small = cat(&[&1u32.to_be_bytes(), b"mdat", &8u64.to_be_bytes()]);
        assert_eq!(clean_video(cat(&[&ftyp, &small])).err(), Some(VideoProblem::NotAVideo));
        // Cut in the middle of `mdat`.
        assert_eq!(clean_video(file[..file.len() - 3].to_vec()).err(), Some(VideoProblem::NotAVideo));
        // Garbage after the last box; a few zero bytes are tolerated.
        let ok = cat(&[&ftyp, &bx(b"moov", &mvhd(1000, 1000))]);
        assert_eq!(clean_video(cat(&[&ok, &[0, 0, 0, 1]])).err(), Some(VideoProblem::NotAVideo));
        assert!(clean_video(cat(&[&ok, &[0, 0, 0, 0]])).is_ok());
        // Containers nested thousands deep are refused without exhausting the stack.
        let depth = 10_000;
        let mut deep = ftyp.clone();
        for level in 0..depth {
            deep.extend_from_slice(&(8 * (depth - level) as u32).to_be_bytes());
            deep.extend_from_slice(b"trak");
        }
        assert_eq!(clean_video(deep).err(), Some(VideoProblem::NotAVideo));
    }

    // WebM.

    fn id_bytes(id: u32) -> Vec<u8> {
        id.to_be_bytes().into_iter().skip_while(|&b| b == 0).collect()
    }

    /// The shortest size vint for `n`.
    fn size_vint(n: usize) -> Vec<u8> {
        let n = n as u64;
        let w = (1..=8usize).find(|&w| n < (1u64 << (7 * w)) - 1).unwrap();
        (n | (1u64 << (7 * w))).to_be_bytes()[8 - w..].to_vec()
    }

    fn el(id: u32, payload: &[u8]) -> Vec<u8> {
        cat(&[&id_bytes(id), &size_vint(payload.len()), payload])
    }

    fn el_unknown(id: u32, payload: &[u8]) -> Vec<u8> {
        cat(&[&id_bytes(id), &[0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], payload])
    }

    fn ebml_header(doc_type: &[u8]) -> Vec<u8> {
        let fields = [el(0x4286, &[1]), el(0x42F7, &[1]), el(0x42F2, &[4]), el(0x42F3, &[8])];
        el(EBML_HEADER, &cat(&[&fields.concat(), &el(DOC_TYPE, doc_type), &el(0x4287, &[4]), &el(0x4285, &[2])]))
    }

    fn info(scale: Option<u64>, duration: &[u8]) -> Vec<u8> {
        let scale = scale.map(|s| el(TIMECODE_SCALE, &s.to_be_bytes()[5..])).unwrap_or_default();
        el(INFO, &cat(&[&scale, &el(DURATION, duration), &el(0x4D80, b"Lavf60"), &el(0x5741, b"Lavf60")]))
    }

    fn tags(place: &[u8]) -> Vec<u8> {
        let simple = el(0x67C8, &cat(&[&el(0x45A3, b"LOCATION"), &el(0x4487, place)]));
        el(TAGS, &el(0x7373, &cat(&[&el(0x63C0, &[]), &simple])))
    }

    fn attachments() -> Vec<u8> {
        let file = cat(&[&el(0x466E, b"home.jpg"), &el(0x4660, b"image/jpeg"), &el(0x465C, &[0xFF; 300])]);
        el(ATTACHMENTS, &el(0x61A7, &file))
    }

    fn cluster_body() -> Vec<u8> {
        cat(&[&el(0xE7, &[0]), &el(0xA3, &cat(&[&[0x81, 0, 0, 0x80], b"keyframe bytes"]))])
    }

    fn tracks() -> Vec<u8> {
        el(TRACKS, &el(0xAE, &cat(&[&el(0xD7, &[1]), &el(0x83, &[1]), &el(0x86, b"V_VP9")])))
    }

    /// A WebM with known sizes: Info, Tracks, Tags (location), Cluster, Attachments.
    fn sample_webm(doc_type: &[u8], info: &[u8]) -> Vec<u8> {
        let segment = cat(&[info, &tracks(), &tags(b"+40.08+029.51"), &el(CLUSTER, &cluster_body()), &attachments()]);
        cat(&[&ebml_header(doc_type), &el(SEGMENT, &segment)])
    }

    fn ms(duration: f64) -> Vec<u8> {
        info(Some(1_000_000), &duration.to_be_bytes())
    }

    /// The IDs of the Segment's children, as a player walks them.
    fn segment_ids(data: &[u8]) -> Vec<u32> {
        let header = ebml_head(data, 0, data.len()).unwrap();
        let seg_at = known_end(header, data.len()).unwrap();
        let seg = ebml_head(data, seg_at, data.len()).unwrap();
        let end = seg.size.map_or(data.len(), |n| seg.body + n);
        let mut ids = Vec::new();
        let mut pos = seg.body;
        while pos < end {
            let el = ebml_head(data, pos, end).unwrap();
            ids.push(el.id);
            pos = match el.size {
                Some(n) => el.body + n,
                None => unknown_cluster_end(data, el.body, end).unwrap(),
            };
        }
        assert_eq!(pos, end);
        ids
    }

    #[test]
    fn webm_tags_and_attachments_become_void() {
        let original = sample_webm(b"webm", &ms(30_000.0));
        assert!(find(&original, b"+40.08").is_some());
        assert_eq!(segment_ids(&original), [INFO, TRACKS, TAGS, CLUSTER, ATTACHMENTS]);
        let clean = clean_video(original.clone()).unwrap();
        assert_eq!((clean.media_type, clean.ext, clean.duration_secs), ("video/webm", "webm", 30.0));
        assert_eq!(clean.bytes.len(), original.len());
        for secret in [&b"+40.08"[..], b"LOCATION", b"home.jpg"] {
            assert_eq!(find(&clean.bytes, secret), None);
        }
        let void = u32::from(VOID);
        assert_eq!(segment_ids(&clean.bytes), [INFO, TRACKS, void, CLUSTER, void]);
        // The frames are untouched, and cleaning again changes nothing.
        assert!(find(&clean.bytes, b"keyframe bytes").is_some());
        assert_eq!(clean_video(clean.bytes.clone()).map(|again| again.bytes), Ok(clean.bytes));

        // Matroska, a 4-byte float and another tick length.
        let clean = clean_video(sample_webm(b"matroska", &info(Some(1000), &30_000_000f32.to_be_bytes()))).unwrap();
        assert_eq!(clean.duration_secs, 30.0);
        // No TimecodeScale: milliseconds.
        assert_eq!(
            clean_video(sample_webm(b"webm", &info(None, &12_500f64.to_be_bytes()))).unwrap().duration_secs,
            12.5
        );
    }

    #[test]
    fn webm_of_unknown_size_is_walked() {
        // As a browser records: Segment and Clusters of unknown size, Tags written after a Cluster.
        let segment = cat(&[
            &ms(8_000.0),
            &tracks(),
            &el_unknown(CLUSTER, &cluster_body()),
            &tags(b"+40.08+029.51"),
            &el_unknown(CLUSTER, &cluster_body()),
            &attachments(),
            &el_unknown(CLUSTER, &cluster_body()),
        ]);
        let original = cat(&[&ebml_header(b"webm"), &el_unknown(SEGMENT, &segment)]);
        let clean = clean_video(original.clone()).unwrap();
        assert_eq!(clean.duration_secs, 8.0);
        assert_eq!(clean.bytes.len(), original.len());
        assert_eq!(find(&clean.bytes, b"+40.08"), None);
        // A Void may stand inside a Cluster, so a player now reads each one as the end of the
        // Cluster of unknown size before it: still a valid file, and cleaning it again changes
        // nothing.
        assert_eq!(segment_ids(&clean.bytes), [INFO, TRACKS, CLUSTER, CLUSTER, CLUSTER]);
        assert_eq!(clean_video(clean.bytes.clone()).map(|again| again.bytes), Ok(clean.bytes));
        // A Tags element of unknown size cannot be measured, so the file is refused.
        let segment = cat(&[&ms(8_000.0), &el_unknown(TAGS, &tags(b"+40.08"))]);
        let file = cat(&[&ebml_header(b"webm"), &el(SEGMENT, &segment)]);
        assert_eq!(clean_video(file).err(), Some(VideoProblem::NotAVideo));
    }

    #[test]
    fn void_elements_have_exactly_the_length_they_replace() {
        let boundaries = (1..=3u32).flat_map(|w| {
            let edge = 1usize << (7 * w);
            edge - 4..edge + 4
        });
        for total in (2..3000).chain(boundaries) {
            let mut data = vec![0xAA; total];
            make_void(&mut data, 0..total).unwrap();
            let el = ebml_head(&data, 0, total).unwrap();
            assert_eq!(el.id, u32::from(VOID));
            assert_eq!(known_end(el, total), Ok(total), "{total}");
            assert!(data[el.body..].iter().all(|&b| b == 0));
        }
        // Nothing shorter than an ID and a size can be a Void.
        assert_eq!(make_void(&mut [0xAA], 0..1), Err(VideoProblem::NotAVideo));
    }

    #[test]
    fn webm_duration_is_enforced() {
        assert_eq!(clean_video(sample_webm(b"webm", &ms(200_000.0))).err(), Some(VideoProblem::TooLong));
        assert_eq!(clean_video(sample_webm(b"webm", &ms(90_000.0))).map(|v| v.duration_secs), Ok(90.0));
        let unknown = Some(VideoProblem::UnknownDuration);
        assert_eq!(clean_video(sample_webm(b"webm", &el(INFO, &el(0x4D80, b"Chrome")))).err(), unknown);
        assert_eq!(clean_video(sample_webm(b"webm", &info(Some(0), &30f64.to_be_bytes()))).err(), unknown);
        assert_eq!(clean_video(sample_webm(b"webm", &ms(f64::NAN))).err(), unknown);
        assert_eq!(clean_video(sample_webm(b"webm", &ms(-5.0))).err(), unknown);
        assert_eq!(clean_video(sample_webm(b"webm", &ms(f64::INFINITY))).err(), unknown);
        assert_eq!(clean_video(sample_webm(b"webm", &info(None, &[0; 3]))).err(), unknown);
        assert_eq!(clean_video(sample_webm(b"webm", &[])).err(), unknown);
    }

    #[test]
    fn other_ebml_files_are_not_videos() {
        let not = Some(VideoProblem::NotAVideo);
        assert_eq!(clean_video(sample_webm(b"mka-ish", &ms(1.0))).err(), not);
        // Only the header, no Segment.
        assert_eq!(clean_video(ebml_header(b"webm")).err(), not);
        // A header without DocType.
        assert_eq!(clean_video(cat(&[&el(EBML_HEADER, &el(0x4286, &[1])), &el(SEGMENT, &ms(1.0))])).err(), not);
        // A Segment longer than the file.
        let mut file = sample_webm(b"webm", &ms(1000.0));
        file.truncate(file.len() - 1);
        assert_eq!(clean_video(file).err(), not);
    }

    // Anything else.

    #[test]
    fn other_files_are_not_videos() {
        let not = Some(VideoProblem::NotAVideo);
        let png = cat(&[b"\x89PNG\r\n\x1a\n", &[0, 0, 0, 13], b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]]);
        assert_eq!(clean_video(png).err(), not);
        assert_eq!(clean_video(b"<html><script>alert(1)</script></html>".to_vec()).err(), not);
        assert_eq!(clean_video(b"just some text, not a video at all".to_vec()).err(), not);
        assert_eq!(clean_video(Vec::new()).err(), not);
        assert_eq!(clean_video(vec![0; 3]).err(), not);
        assert_eq!(clean_video(b"\0\0\0\x08fty".to_vec()).err(), not);
    }

    /// A small deterministic pseudo-random generator (Knuth's MMIX LCG).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// Runs the cleaner; it may refuse but must not panic, and what it accepts keeps its length.
    fn survives(bytes: Vec<u8>) {
        let len = bytes.len();
        if let Ok(clean) = clean_video(bytes) {
            assert_eq!(clean.bytes.len(), len);
            assert!(clean.duration_secs > 0.0 && clean.duration_secs <= MAX_VIDEO_SECONDS);
        }
    }

    #[test]
    fn damaged_and_random_input_never_panics() {
        let (mp4, _) = sample_mp4(12_000);
        let segment = cat(&[&ms(8_000.0), &el_unknown(CLUSTER, &cluster_body()), &tags(b"+40.08")]);
        let live_webm = cat(&[&ebml_header(b"webm"), &el_unknown(SEGMENT, &segment)]);
        let samples = [mp4, sample_webm(b"webm", &ms(30_000.0)), live_webm];
        // Every prefix of a valid file; a prefix that is still accepted (cut between two boxes or
        // elements) is clean too.
        for sample in &samples {
            for cut in 0..=sample.len() {
                survives(sample[..cut].to_vec());
                if let Ok(clean) = clean_video(sample[..cut].to_vec()) {
                    assert_eq!((find(&clean.bytes, b"+40.08"), find(&clean.bytes, b"ISO6709")), (None, None));
                }
            }
        }
        let mut rng = Lcg(0x5EED);
        // Random bytes, some behind a real-looking start so the parsers get further.
        for round in 0..600 {
            let len = rng.below(400);
            let prefix = match round % 3 {
                1 => cat(&[&[0, 0, 0, 16], b"ftypisom", &[0; 4]]),
                2 => ebml_header(b"webm"),
                _ => Vec::new(),
            };
            let bytes = prefix.into_iter().chain((0..len).map(|_| rng.next() as u8)).collect();
            survives(bytes);
        }
        // Valid files with a few bytes changed (sizes, IDs, versions...).
        for round in 0..1500 {
            let mut bytes = samples[round % samples.len()].clone();
            for _ in 0..=rng.below(4) {
                let at = rng.below(bytes.len());
                bytes[at] = match rng.below(4) {
                    0 => 0,
                    1 => 0xFF,
                    2 => bytes[at].wrapping_add(1),
                    _ => rng.next() as u8,
                };
            }
            survives(bytes);
        }
    }
}
