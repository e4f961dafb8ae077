//! The fixed parts of every page's frame (`ui::Page`): the header with the language link and
//! the footer, written as HTML by plain functions, as the menu is (`ui::nav`).
//!
//! They are the same on every page but for the language link, hold no form and no island, and
//! are never hydrated. As Leptos views they were some thirty elements rendered anew on every page
//! a signed-in person asks for; as text they are a few string pushes.
use super::escape_html;
use crate::i18n::*;

/// An element with a class and escaped text.
fn text_in(out: &mut String, tag: &str, class: &str, text: &str) {
    out.push('<');
    out.push_str(tag);
    if !class.is_empty() {
        out.push_str(" class=\"");
        out.push_str(class);
        out.push('"');
    }
    out.push('>');
    out.push_str(&escape_html(text));
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

/// The inside of `<header class="site-header">`: the site's name (a link home) and the link to
/// the same page in the other language, `lang_href`.
pub fn header_html(locale: Locale, lang_href: &str) -> String {
    let other = td_string!(locale, site.other_language_code);
    let mut out = String::with_capacity(512);
    out.push_str("<div class=\"wrap site-header__inner\"><a class=\"site-header__brand\" href=\"/\">");
    text_in(&mut out, "span", "site-header__org", td_string!(locale, site.municipality));
    out.push_str("<span class=\"site-header__name\" lang=\"tr\">");
    out.push_str(&escape_html(td_string!(locale, site.name)));
    out.push_str("</span></a><a class=\"site-header__lang\" href=\"");
    out.push_str(&escape_html(lang_href));
    out.push_str("\" lang=\"");
    out.push_str(other);
    out.push_str("\" hreflang=\"");
    out.push_str(other);
    out.push_str("\" rel=\"external\">");
    out.push_str(&escape_html(td_string!(locale, site.other_language)));
    out.push_str("</a></div>");
    out
}

/// The inside of `<footer class="site-footer">`: how to reach the municipality, and the public
/// pages and data every page links to.
pub fn footer_html(locale: Locale) -> String {
    let mut out = String::with_capacity(1024);
    out.push_str("<div class=\"wrap\">");
    text_in(&mut out, "h2", "site-footer__heading", td_string!(locale, site.footer_heading));
    out.push_str("<ul class=\"site-footer__list\">");
    for text in [
        td_string!(locale, site.footer_153),
        td_string!(locale, site.footer_whatsapp),
        td_string!(locale, site.footer_vim),
        td_string!(locale, site.footer_kvkk),
    ] {
        text_in(&mut out, "li", "", text);
    }
    for (href, text, external) in [
        ("/response-times", td_string!(locale, response_times.title), false),
        ("/visits", td_string!(locale, visits.title), false),
        ("/api/v1/openapi.json", td_string!(locale, site.footer_api), true),
    ] {
        out.push_str("<li><a href=\"");
        out.push_str(href);
        out.push_str(if external { "\" rel=\"external\">" } else { "\">" });
        out.push_str(&escape_html(text));
        out.push_str("</a></li>");
    }
    out.push_str("</ul></div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_links_home_and_to_this_page_in_the_other_language() {
        let html = header_html(Locale::tr, "/locale/en?next=%2Fsubmissions%3Fq%3Da%26b");
        assert!(html.contains("<a class=\"site-header__brand\" href=\"/\">"), "{html}");
        assert!(html.contains("<span class=\"site-header__org\">İnegöl Belediyesi</span>"), "{html}");
        assert!(
            html.contains(
                "href=\"/locale/en?next=%2Fsubmissions%3Fq%3Da%26b\" lang=\"en\" hreflang=\"en\" rel=\"external\">English</a>"
            ),
            "{html}"
        );
        let english = header_html(Locale::en, "/locale/tr?next=%2F");
        assert!(english.contains("lang=\"tr\" hreflang=\"tr\" rel=\"external\">Türkçe</a>"), "{english}");
    }

    #[test]
    fn the_footer_is_in_the_pages_language() {
        let tr = footer_html(Locale::tr);
        assert!(tr.contains("<h2 class=\"site-footer__heading\">Bize ulaşın</h2>"), "{tr}");
        assert!(tr.contains("<li><a href=\"/api/v1/openapi.json\" rel=\"external\">"), "{tr}");
        assert!(tr.contains("<li><a href=\"/visits\">"), "{tr}");
        let en = footer_html(Locale::en);
        assert!(en.contains("<li><a href=\"/response-times\">"), "{en}");
        assert!(en.contains("<h2 class=\"site-footer__heading\">Contact us</h2>"), "{en}");
    }
}
