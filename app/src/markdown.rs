//! (ssr) Markdown written by people → HTML that is safe to show. pulldown-cmark renders, then
//! ammonia keeps only harmless tags and attributes: no scripts, event handlers, styles, frames,
//! forms or images (photos are uploaded and re-encoded separately), and links only to http,
//! https, mailto and tel, marked `rel="nofollow ugc noopener"`. Never trust the HTML before
//! this step, and never store it in place of the Markdown.
use pulldown_cmark::{html, Options, Parser};
use std::collections::HashSet;
use std::sync::OnceLock;

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
            .link_rel(Some("nofollow ugc noopener"))
            .rm_tags(["img"]);
        b
    })
}

/// Renders `markdown` to sanitised HTML.
pub fn render(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, parser);
    sanitizer().clean(&raw).to_string()
}

/// The plain text of `markdown` (no markup, whitespace collapsed), cut at a word boundary to at
/// most `max_chars` characters with "…": the excerpt a listing shows.
pub fn plain_summary(markdown: &str, max_chars: usize) -> String {
    use pulldown_cmark::{Event, TagEnd};
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            // Blocks end with a space; inline ends (emphasis, links) must not split "lazım.".
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::List(_),
            ) => text.push(' '),
            _ => {}
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    for w in words {
        let extra = if out.is_empty() { 0 } else { 1 } + w.chars().count();
        if out.chars().count() + extra > max_chars {
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{plain_summary, render};

    #[test]
    fn summaries_are_plain_text_cut_at_a_word() {
        assert_eq!(plain_summary("# Başlık\n\nBir **park** _lazım_.", 100), "Başlık Bir park lazım.");
        assert_eq!(plain_summary("bir iki üç dört", 9), "bir iki…");
        assert_eq!(plain_summary("<b>kalın</b> metin", 50), "kalın metin");
    }

    /// Payloads from the usual XSS cheat sheets, as a citizen could type them into a body.
    const PAYLOADS: &[&str] = &[
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=javascript:alert('XSS')>",
        "[tıkla](javascript:alert(1))",
        "[tıkla](JaVaScRiPt:alert(1))",
        "[tıkla]( javascript:alert(1) )",
        "[tıkla](&#106;avascript:alert(1))",
        "[tıkla](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![resim](https://evil.example/track.png)",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<a href=\"https://ok.example\" onclick=\"alert(1)\">x</a>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<svg onload=alert(1)>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<object data=\"https://evil.example/x.swf\"></object><embed src=\"x\">",
        "<form action=\"javascript:alert(1)\"><button>gönder</button></form>",
        "<details open ontoggle=alert(1)>",
        "<body onload=alert(1)>",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
        "<style>body{display:none}</style>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
    ];

    /// The real tags of the output: text cannot hold a raw `<` (it is escaped as `&lt;`), so
    /// every `<` starts markup. Harmless text such as "javascript:" in a sentence is allowed.
    fn tags(html: &str) -> Vec<String> {
        html.split('<').skip(1).map(|t| t.split('>').next().unwrap_or_default().to_lowercase()).collect()
    }

    #[test]
    fn no_payload_survives() {
        for payload in PAYLOADS {
            let out = render(payload);
            for tag in tags(&out) {
                for bad in [
                    "script",
                    "javascript:",
                    "vbscript:",
                    "data:",
                    "onerror",
                    "onload",
                    "onclick",
                    "ontoggle",
                    "iframe",
                    "style",
                    "svg",
                    "object",
                    "embed",
                    "form",
                    "img",
                    "meta",
                    "xlink",
                    "&#",
                ] {
                    assert!(!tag.contains(bad), "{payload:?} rendered as {out:?}: tag <{tag}> contains {bad:?}");
                }
            }
        }
    }

    #[test]
    fn ordinary_markdown_renders_and_links_are_marked() {
        let out =
            render("**Cerrah** parkına *gölgelik*:\n\n- bank\n- çeşme\n\n[Harita](https://www.openstreetmap.org)");
        assert!(out.contains("<strong>Cerrah</strong>"), "{out}");
        assert!(out.contains("<em>gölgelik</em>"), "{out}");
        assert!(out.contains("<li>çeşme</li>"), "{out}");
        assert!(out.contains(r#"href="https://www.openstreetmap.org""#), "{out}");
        assert!(out.contains(r#"rel="nofollow ugc noopener""#), "{out}");
    }
}
