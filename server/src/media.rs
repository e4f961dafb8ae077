//! Photos and videos of submissions. A photo is checked by its content (magic bytes), decoded,
//! scaled to at most 2048 px, and re-encoded as JPEG from its pixels, so EXIF (with its GPS
//! position), ICC profiles and anything hidden in the file are gone; a thumbnail goes beside it.
//! A video cannot be re-encoded here: it is accepted only when it is really MP4 or WebM.
//! Files are written under `<data-dir>/media` with random names before the database rows; when
//! the rows cannot be written the files are removed again, so nothing is left half-done.
use app::error::{AppError, FieldErrors};
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
const MAX_DECODE_ALLOC: u64 = 512 * 1024 * 1024;

/// An uploaded file, as it came.
#[derive(Debug, Clone)]
pub struct Upload {
    /// `photo` or `video` (the form field it came in).
    pub field: &'static str,
    pub bytes: Vec<u8>,
}

/// A file ready to be written.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub kind: &'static str,
    pub media_type: &'static str,
    pub ext: &'static str,
    pub bytes: Vec<u8>,
    pub thumb: Option<Vec<u8>>,
    pub width: Option<i64>,
    pub height: Option<i64>,
}

fn refuse(field: &str, code: &str) -> AppError {
    AppError::Validation { fields: FieldErrors::single(field, code) }
}

/// Checks and re-encodes one photo.
pub fn prepare_photo(bytes: &[u8]) -> Result<Prepared, AppError> {
    if bytes.len() > PHOTO_MAX_BYTES {
        return Err(refuse("photos", "too_large"));
    }
    let format = image::guess_format(bytes).map_err(|_| refuse("photos", "not_an_image"))?;
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif) {
        return Err(refuse("photos", "not_an_image"));
    }
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let img = reader.decode().map_err(|_| refuse("photos", "unreadable"))?;
    let img = if img.width() > MAX_SIDE || img.height() > MAX_SIDE { img.thumbnail(MAX_SIDE, MAX_SIDE) } else { img };
    let thumb = img.thumbnail(THUMB_SIDE, THUMB_SIDE);
    Ok(Prepared {
        kind: "photo",
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

/// Checks one video by its first bytes: MP4 (`ftyp` box) or WebM (EBML header).
pub fn prepare_video(bytes: Vec<u8>) -> Result<Prepared, AppError> {
    if bytes.len() > VIDEO_MAX_BYTES {
        return Err(refuse("video", "too_large"));
    }
    let (media_type, ext) = if bytes.len() > 12 && &bytes[4..8] == b"ftyp" {
        ("video/mp4", "mp4")
    } else if bytes.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        ("video/webm", "webm")
    } else {
        return Err(refuse("video", "not_a_video"));
    };
    Ok(Prepared { kind: "video", media_type, ext, bytes, thumb: None, width: None, height: None })
}

/// Checks the counts and prepares every upload (on a blocking thread: decoding is CPU work).
pub async fn prepare_all(uploads: Vec<Upload>) -> Result<Vec<Prepared>, AppError> {
    let photos = uploads.iter().filter(|u| u.field == "photo").count();
    let videos = uploads.iter().filter(|u| u.field == "video").count();
    if photos > MAX_PHOTOS {
        return Err(refuse("photos", "too_many"));
    }
    if videos > MAX_VIDEOS {
        return Err(refuse("video", "too_many"));
    }
    tokio::task::spawn_blocking(move || {
        uploads
            .into_iter()
            .map(|u| if u.field == "video" { prepare_video(u.bytes) } else { prepare_photo(&u.bytes) })
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .map_err(AppError::internal)?
}

/// A prepared file written to disk, as its database row needs it.
#[derive(Debug, Clone)]
pub struct Stored {
    pub kind: &'static str,
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
            kind: s.kind.to_owned(),
            media_type: s.media_type.to_owned(),
            file_name: s.file_name.clone(),
            thumb_name: s.thumb_name.clone(),
            width: s.width,
            height: s.height,
            bytes: s.bytes,
        })
        .collect()
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
            "photo" | "photos" => ("photo", PHOTO_MAX_BYTES),
            "video" => ("video", VIDEO_MAX_BYTES),
            _ => {
                let text = field.text().await.map_err(|e| AppError::BadRequest { detail: e.body_text() })?;
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
                        let f = if kind == "video" { "video" } else { "photos" };
                        return Err(refuse(f, "too_large"));
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
        assert_eq!(prepare_photo(&fake).err(), Some(refuse("photos", "not_an_image")));
        let mut broken = png(10, 10);
        broken.truncate(40);
        assert_eq!(prepare_photo(&broken).err(), Some(refuse("photos", "unreadable")));
        assert_eq!(prepare_video(png(4, 4)).err(), Some(refuse("video", "not_a_video")));
        let mut mp4 = vec![0, 0, 0, 24];
        mp4.extend_from_slice(b"ftypisom");
        mp4.extend_from_slice(&[0; 16]);
        assert_eq!(prepare_video(mp4).map(|p| p.media_type).ok(), Some("video/mp4"));
    }
}
