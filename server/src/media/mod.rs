//! Photos and videos of submissions. A photo is checked by its content (magic bytes), decoded,
//! scaled to at most 2048 px, and re-encoded as JPEG from its pixels, so EXIF (with its GPS
//! position), ICC profiles and anything hidden in the file are gone; a thumbnail goes beside it.
//! A video cannot be re-encoded here: it is accepted only when it is really MP4 or WebM, its
//! metadata boxes (where phones write the place it was filmed) are blanked in place
//! (`video.rs`), and it is at most `video::MAX_VIDEO_SECONDS` long.
//! `attach` is the one way files reach a submission: checked, written under `<data-dir>/media`
//! with random names, then the database rows; when the rows cannot be written the files are
//! removed again, so nothing is left half-done.
pub mod video;

use app::domain::submissions::MediaKind;
use app::error::{AppError, FieldErrors, Problem};
use image::{DynamicImage, ImageFormat};
use std::path::{Path, PathBuf};

pub const PHOTO_MAX_BYTES: usize = 10 * 1024 * 1024;
pub const VIDEO_MAX_BYTES: usize = 50 * 1024 * 1024;
pub const MAX_PHOTOS: usize = 5;
pub const MAX_VIDEOS: usize = 1;
/// The request size of a form with five photos and a video, plus the text.
pub const UPLOAD_BODY_LIMIT: usize = MAX_PHOTOS * PHOTO_MAX_BYTES + VIDEO_MAX_BYTES + 1024 * 1024;
const MAX_SIDE: u32 = 2048;
const THUMB_SIDE: u32 = 480;
/// Refuse decompression bombs: a small file that unpacks into a huge picture.
const MAX_DECODED_SIDE: u32 = 12_000;
/// About 50 megapixels: more than any phone camera, and at most ~200 MB decoded.
const MAX_PIXELS: u64 = 50_000_000;
const MAX_DECODE_ALLOC: u64 = 256 * 1024 * 1024;
/// Characters of a text field in a multipart form (the longest, a body, is 10,000 characters).
pub const MAX_TEXT_FIELD: usize = 64 * 1024;
/// Uploads decoded at the same time, whatever the number of requests: each may take hundreds of
/// MB and a core for a second.
const DECODES_AT_ONCE: usize = 2;

/// An uploaded file, as it came.
#[derive(Debug, Clone)]
pub struct Upload {
    /// Which form field it came in (`photo`/`photos` or `video`).
    pub field: MediaKind,
    pub bytes: Vec<u8>,
}

/// A file ready to be written.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub kind: MediaKind,
    pub media_type: &'static str,
    pub ext: &'static str,
    pub bytes: Vec<u8>,
    pub thumb: Option<Vec<u8>>,
    pub width: Option<i64>,
    pub height: Option<i64>,
}

fn refuse(field: &str, code: Problem) -> AppError {
    AppError::Validation { fields: FieldErrors::single(field, code) }
}

/// Checks and re-encodes one photo.
pub fn prepare_photo(bytes: &[u8]) -> Result<Prepared, AppError> {
    if bytes.len() > PHOTO_MAX_BYTES {
        return Err(refuse("photos", Problem::TooLarge));
    }
    let format = image::guess_format(bytes).map_err(|_| refuse("photos", Problem::NotAnImage))?;
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif) {
        return Err(refuse("photos", Problem::NotAnImage));
    }
    let (w, h) = image::ImageReader::with_format(std::io::Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|_| refuse("photos", Problem::Unreadable))?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(refuse("photos", Problem::TooManyPixels));
    }
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let img = reader.decode().map_err(|_| refuse("photos", Problem::Unreadable))?;
    let img = if img.width() > MAX_SIDE || img.height() > MAX_SIDE { img.thumbnail(MAX_SIDE, MAX_SIDE) } else { img };
    let thumb = img.thumbnail(THUMB_SIDE, THUMB_SIDE);
    Ok(Prepared {
        kind: MediaKind::Photo,
        media_type: "image/jpeg",
        ext: "jpg",
        width: Some(i64::from(img.width())),
        height: Some(i64::from(img.height())),
        bytes: jpeg(&img, 85)?,
        thumb: Some(jpeg(&thumb, 80)?),
    })
}

fn jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, AppError> {
    let rgb = img.to_rgb8();
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    rgb.write_with_encoder(encoder).map_err(AppError::internal)?;
    Ok(out)
}

/// Checks one video: MP4/MOV or WebM by its content, its location metadata blanked, and short.
pub fn prepare_video(bytes: Vec<u8>) -> Result<Prepared, AppError> {
    if bytes.len() > VIDEO_MAX_BYTES {
        return Err(refuse("video", Problem::TooLarge));
    }
    let clean = video::clean_video(bytes).map_err(|p| match p {
        video::VideoProblem::NotAVideo => refuse("video", Problem::NotAVideo),
        video::VideoProblem::TooLong => refuse("video", Problem::TooLong),
        video::VideoProblem::UnknownDuration => refuse("video", Problem::UnknownDuration),
    })?;
    Ok(Prepared {
        kind: MediaKind::Video,
        media_type: clean.media_type,
        ext: clean.ext,
        bytes: clean.bytes,
        thumb: None,
        width: None,
        height: None,
    })
}

fn decode_permits() -> &'static tokio::sync::Semaphore {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    PERMITS.get_or_init(|| tokio::sync::Semaphore::new(DECODES_AT_ONCE))
}

/// Checks the counts and prepares every upload (on a blocking thread: decoding is CPU work).
pub async fn prepare_all(uploads: Vec<Upload>) -> Result<Vec<Prepared>, AppError> {
    let photos = uploads.iter().filter(|u| u.field == MediaKind::Photo).count();
    let videos = uploads.iter().filter(|u| u.field == MediaKind::Video).count();
    if photos > MAX_PHOTOS {
        return Err(refuse("photos", Problem::TooMany));
    }
    if videos > MAX_VIDEOS {
        return Err(refuse("video", Problem::TooMany));
    }
    let _permit = decode_permits().acquire().await.map_err(AppError::internal)?;
    tokio::task::spawn_blocking(move || {
        uploads
            .into_iter()
            .map(|u| if u.field == MediaKind::Video { prepare_video(u.bytes) } else { prepare_photo(&u.bytes) })
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .map_err(AppError::internal)?
}

/// The one way files reach a submission: checks and prepares `uploads`, writes the files, then
/// lets `record` write their rows (it answers with its result and whether the rows were
/// written: a repeated form may find its submission already there). Files without rows are
/// removed again, whatever went wrong.
pub async fn attach<T, F, Fut>(store: &MediaStore, uploads: Vec<Upload>, record: F) -> Result<T, AppError>
where
    F: FnOnce(Vec<app::submissions::service::NewMedia>) -> Fut,
    Fut: std::future::Future<Output = Result<(T, bool), AppError>>,
{
    let prepared = prepare_all(uploads).await?;
    let stored = if prepared.is_empty() { Vec::new() } else { store.write_all(prepared).await? };
    let result = record(rows(&stored)).await;
    if !matches!(result, Ok((_, true))) {
        store.remove(stored).await;
    }
    result.map(|(t, _)| t)
}

/// A prepared file written to disk, as its database row needs it.
#[derive(Debug, Clone)]
pub struct Stored {
    pub kind: MediaKind,
    pub media_type: &'static str,
    pub file_name: String,
    pub thumb_name: Option<String>,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub bytes: i64,
}

/// The folder the files live in.
#[derive(Debug, Clone)]
pub struct MediaStore {
    dir: PathBuf,
}

impl MediaStore {
    pub fn new(dir: PathBuf) -> Self {
        MediaStore { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn write_one(&self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        let tmp = self.dir.join(format!(".{name}.part"));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, self.dir.join(name))
    }

    /// Writes every file (a failure removes the ones already written).
    pub async fn write_all(&self, prepared: Vec<Prepared>) -> Result<Vec<Stored>, AppError> {
        let store = self.clone();
        tokio::task::spawn_blocking(move || {
            std::fs::create_dir_all(&store.dir).map_err(AppError::internal)?;
            let mut stored: Vec<Stored> = Vec::new();
            for p in prepared {
                let stem = random_name();
                let file_name = format!("{stem}.{}", p.ext);
                let thumb_name = p.thumb.as_ref().map(|_| format!("{stem}-thumb.jpg"));
                let written = store.write_one(&file_name, &p.bytes).and_then(|()| match (&thumb_name, &p.thumb) {
                    (Some(n), Some(t)) => store.write_one(n, t),
                    _ => Ok(()),
                });
                if let Err(e) = written {
                    store.remove_sync(&stored);
                    let _ = std::fs::remove_file(store.dir.join(&file_name));
                    return Err(AppError::internal(format!("cannot write media: {e}")));
                }
                stored.push(Stored {
                    kind: p.kind,
                    media_type: p.media_type,
                    file_name,
                    thumb_name,
                    width: p.width,
                    height: p.height,
                    bytes: p.bytes.len() as i64,
                });
            }
            Ok(stored)
        })
        .await
        .map_err(AppError::internal)?
    }

    fn remove_sync(&self, stored: &[Stored]) {
        for s in stored {
            let _ = std::fs::remove_file(self.dir.join(&s.file_name));
            if let Some(t) = &s.thumb_name {
                let _ = std::fs::remove_file(self.dir.join(t));
            }
        }
    }

    /// Removes files whose rows could not be written.
    pub async fn remove(&self, stored: Vec<Stored>) {
        let store = self.clone();
        let _ = tokio::task::spawn_blocking(move || store.remove_sync(&stored)).await;
    }
}

fn random_name() -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    (0..24).map(|_| char::from(b"abcdefghijklmnopqrstuvwxyz0123456789"[rng.gen_range(0..36)])).collect()
}

/// The rows for `stored`, in the shape the service writes.
pub fn rows(stored: &[Stored]) -> Vec<app::submissions::service::NewMedia> {
    stored
        .iter()
        .map(|s| app::submissions::service::NewMedia {
            kind: s.kind,
            media_type: s.media_type.to_owned(),
            file_name: s.file_name.clone(),
            thumb_name: s.thumb_name.clone(),
            width: s.width,
            height: s.height,
            bytes: s.bytes,
        })
        .collect()
}

/// A text field of a multipart form, refused past `MAX_TEXT_FIELD` bytes without reading on.
async fn read_text(mut field: axum::extract::multipart::Field<'_>) -> Result<String, AppError> {
    let name = field.name().unwrap_or("form").to_owned();
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| AppError::BadRequest { detail: e.body_text() })? {
        if bytes.len() + chunk.len() > MAX_TEXT_FIELD {
            let field = if matches!(name.as_str(), "title" | "body") { name.as_str() } else { "form" };
            return Err(refuse(field, Problem::TooLong));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| AppError::BadRequest { detail: format!("{name} is not UTF-8") })
}

/// Reads a multipart body: text fields into a map, files of fields `photo`/`photos` and
/// `video` into uploads (empty file inputs are skipped). A file over its limit stops reading
/// at once with 413-free field errors, so a huge file is never buffered whole.
pub async fn read_multipart(
    mut multipart: axum::extract::Multipart,
) -> Result<(std::collections::HashMap<String, String>, Vec<Upload>), AppError> {
    let mut fields = std::collections::HashMap::new();
    let mut uploads = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => return Err(AppError::PayloadTooLarge),
            Err(e) => return Err(AppError::BadRequest { detail: e.body_text() }),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let (kind, limit) = match name.as_str() {
            "photo" | "photos" => (MediaKind::Photo, PHOTO_MAX_BYTES),
            "video" => (MediaKind::Video, VIDEO_MAX_BYTES),
            _ => {
                let text = read_text(field).await?;
                fields.insert(name, text);
                continue;
            }
        };
        let has_file_name = field.file_name().is_some_and(|n| !n.is_empty());
        let mut bytes = Vec::new();
        let mut field = field;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > limit {
                        let f = if kind == MediaKind::Video { "video" } else { "photos" };
                        return Err(refuse(f, Problem::TooLarge));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Err(AppError::BadRequest { detail: e.body_text() }),
            }
        }
        if bytes.is_empty() && !has_file_name {
            continue; // an empty file input
        }
        uploads.push(Upload { field: kind, bytes });
    }
    Ok((fields, uploads))
}

/// Staff's before or after photos of an implementation, from a multipart body (`phase`:
/// before or after; `photos`: the files). Who may add them is settled before the body is read.
/// The form on the submission page and the API both come here; `typed` gets the text fields
/// read (for a form to keep what was chosen when something is refused).
pub async fn implementation_photos(
    state: &crate::state::AppState,
    me: &crate::http::caller::SignedIn,
    id: i64,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
    typed: &mut std::collections::HashMap<String, String>,
) -> Result<app::implementation::ImplementationView, AppError> {
    let asker = me.actor.clone();
    app::db::read(&state.pool, move |c| app::implementation::service::may_add_photos(c, &asker, id).map(|_| ()))
        .await?;
    let multipart = multipart.map_err(|e| AppError::BadRequest { detail: e.body_text() })?;
    let (fields, uploads) = read_multipart(multipart).await?;
    typed.clone_from(&fields);
    let mut errors = FieldErrors::new();
    let phase = match fields.get("phase").map(|p| p.trim()).unwrap_or_default() {
        "" => {
            errors.add("phase", Problem::Required);
            None
        }
        p => app::domain::submissions::PhotoPhase::parse(p).or_else(|| {
            errors.add("phase", Problem::Unknown);
            None
        }),
    };
    if uploads.is_empty() {
        errors.add("photos", Problem::Required);
    }
    errors.into_result()?;
    let phase = phase.ok_or(AppError::Internal)?;
    let actor = me.actor.clone();
    attach(&state.media, uploads, |rows| async move {
        app::db::tx(&state.pool, move |c| app::implementation::service::add_photos(c, &actor, id, phase, &rows))
            .await
            .map(|v| (v, true))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap_or_default();
        out.into_inner()
    }

    #[test]
    fn photos_are_scaled_and_re_encoded_as_jpeg() {
        let p = prepare_photo(&png(3000, 1500)).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((p.width, p.height), (Some(2048), Some(1024)));
        assert_eq!(image::guess_format(&p.bytes).ok(), Some(ImageFormat::Jpeg));
        let thumb = image::load_from_memory(p.thumb.as_deref().unwrap_or_default()).unwrap_or_default();
        assert_eq!(thumb.width(), 480);
    }

    #[test]
    fn files_are_judged_by_content_not_name() {
        let fake = b"<html><script>alert(1)</script></html>".to_vec();
        assert_eq!(prepare_photo(&fake).err(), Some(refuse("photos", Problem::NotAnImage)));
        let mut broken = png(10, 10);
        broken.truncate(40);
        assert_eq!(prepare_photo(&broken).err(), Some(refuse("photos", Problem::Unreadable)));
        assert_eq!(prepare_video(png(4, 4)).err(), Some(refuse("video", Problem::NotAVideo)));
        assert_eq!(prepare_video(tiny_mp4(5)).map(|p| p.media_type).ok(), Some("video/mp4"));
        assert_eq!(
            prepare_video(tiny_mp4(600)).err(),
            Some(refuse("video", Problem::TooLong)),
            "ten minutes is not short"
        );
    }

    /// A boxed MP4 part: size, type, payload.
    fn mp4_box(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
        let mut b = ((payload.len() + 8) as u32).to_be_bytes().to_vec();
        b.extend_from_slice(kind);
        b.extend_from_slice(payload);
        b
    }

    /// The smallest MP4 the checks accept: `ftyp`, and `moov` with an `mvhd` of `seconds`.
    pub(crate) fn tiny_mp4(seconds: u32) -> Vec<u8> {
        let mut mvhd = vec![0; 4];
        mvhd.extend_from_slice(&[0; 8]);
        mvhd.extend_from_slice(&1000u32.to_be_bytes());
        mvhd.extend_from_slice(&(seconds * 1000).to_be_bytes());
        mvhd.extend_from_slice(&[0; 80]);
        let mut out = mp4_box(b"ftyp", b"isom\0\0\0\0isommp41");
        out.extend(mp4_box(b"moov", &mp4_box(b"mvhd", &mvhd)));
        out
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for b in bytes {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    #[test]
    fn a_picture_of_more_than_fifty_megapixels_is_refused_before_decoding() {
        // A PNG header that claims 10,000 × 6,000 pixels, and no pixels at all.
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend_from_slice(&10_000u32.to_be_bytes());
        ihdr.extend_from_slice(&6_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        let mut bomb = b"\x89PNG\r\n\x1a\n".to_vec();
        bomb.extend_from_slice(&13u32.to_be_bytes());
        bomb.extend_from_slice(&ihdr);
        bomb.extend_from_slice(&crc32(&ihdr).to_be_bytes());
        for chunk in [&b"IDAT"[..], &b"IEND"[..]] {
            bomb.extend_from_slice(&0u32.to_be_bytes());
            bomb.extend_from_slice(chunk);
            bomb.extend_from_slice(&crc32(chunk).to_be_bytes());
        }
        assert_eq!(prepare_photo(&bomb).err(), Some(refuse("photos", Problem::TooManyPixels)));
    }
}
