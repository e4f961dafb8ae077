//! The site's menu (inside `<nav class="site-nav">`), written as HTML by one plain function.
//!
//! It is the only part of the listing and board pages that differs between visitors and
//! signed-in people, so the server can keep one rendered copy of those pages and give a
//! signed-in person that copy with their own menu put in (`server/src/http/page_cache.rs`),
//! instead of rendering the whole page again. The page frame (`ui::Page`) and that splice both
//! call `menu_html` (the splice finds the menu with `menu_range`), so the two can never differ.
use super::{escape_html, in_section};
use crate::domain::roles::Role;
use crate::i18n::*;
use crate::session::PageState;

/// What the menu needs to know of the signed-in person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuPerson {
    pub display_name: String,
    pub roles: Vec<Role>,
    pub unread: i64,
}

impl MenuPerson {
    /// The signed-in person of a page's state, if any.
    pub fn of(state: &PageState) -> Option<MenuPerson> {
        state.user.as_ref().map(|u| MenuPerson::new(u, state.unread))
    }

    /// The menu of `user`, with their `unread` notifications.
    pub fn new(user: &crate::accounts::UserView, unread: i64) -> MenuPerson {
        MenuPerson { display_name: user.display_name.clone(), roles: user.roles.clone(), unread }
    }

    fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// The class of the menu's `nav` element, which the splice looks for.
const MENU_CLASS: &str = "class=\"site-nav\"";
/// The closing tag of the menu (the menu holds no other `nav`).
const MENU_CLOSE: &str = "</nav>";

/// One link of a menu list, marked `aria-current="page"` when it leads to the section `here` is in.
fn link(out: &mut String, here: &str, href: &str, text: &str) {
    out.push_str("<li><a href=\"");
    out.push_str(href);
    out.push('"');
    if in_section(here, href) {
        out.push_str(" aria-current=\"page\"");
    }
    out.push('>');
    out.push_str(&escape_html(text));
    out.push_str("</a></li>");
}

/// The inside of `<nav class="site-nav">` for the page at path `here`: the main links, then the
/// signed-in person's account menu and, for staff, the committee and admins, the work menu.
pub fn menu_html(locale: Locale, here: &str, person: Option<&MenuPerson>) -> String {
    let mut out = String::with_capacity(2048);
    out.push_str("<div class=\"wrap site-nav__inner\"><ul class=\"site-nav__list\">");
    link(&mut out, here, "/submissions", td_string!(locale, site.nav_submissions));
    link(&mut out, here, "/submissions/new", td_string!(locale, site.nav_new));
    link(&mut out, here, "/board", td_string!(locale, board.nav));
    link(&mut out, here, "/map", td_string!(locale, map.nav));
    link(&mut out, here, "/t", td_string!(locale, site.nav_track));
    let Some(p) = person else {
        link(&mut out, here, "/sign-in", td_string!(locale, site.nav_sign_in));
        out.push_str("</ul></div>");
        return out;
    };
    out.push_str("</ul>");
    let (summary, notifications) = if p.unread > 0 {
        (
            td_string!(locale, site.menu_account_unread, count = p.unread).to_string(),
            td_string!(locale, site.nav_notifications_unread, count = p.unread).to_string(),
        )
    } else {
        (td_string!(locale, site.menu_account).to_string(), td_string!(locale, site.nav_notifications).to_string())
    };
    out.push_str("<div class=\"site-nav__menus\"><details class=\"site-menu\"><summary class=\"site-menu__summary\">");
    out.push_str(&escape_html(&summary));
    out.push_str("</summary><div class=\"site-menu__body\"><p class=\"site-menu__who\">");
    out.push_str(&escape_html(&td_string!(locale, site.signed_in_as, name = &p.display_name).to_string()));
    out.push_str("</p><ul class=\"site-menu__list\">");
    link(&mut out, here, "/my/submissions", td_string!(locale, site.nav_mine));
    link(&mut out, here, "/notifications", &notifications);
    link(&mut out, here, "/account", td_string!(locale, site.menu_settings));
    out.push_str(
        "</ul><form method=\"post\" action=\"/sign-out\"><button type=\"submit\" class=\"btn btn--secondary\">",
    );
    out.push_str(&escape_html(td_string!(locale, site.sign_out)));
    out.push_str("</button></form></div></details>");
    let (staff, admin) = (p.has(Role::Staff), p.has(Role::Admin));
    let committee = p.has(Role::Evaluator) || p.has(Role::Chair);
    if staff || committee || admin {
        out.push_str("<details class=\"site-menu\"><summary class=\"site-menu__summary\">");
        out.push_str(&escape_html(td_string!(locale, site.menu_work)));
        out.push_str("</summary><div class=\"site-menu__body\"><ul class=\"site-menu__list\">");
        if staff {
            link(&mut out, here, "/staff/intake", td_string!(locale, site.nav_intake));
            link(&mut out, here, "/staff/queue", td_string!(locale, queue.title));
            link(&mut out, here, "/visits", td_string!(locale, visits.title));
            link(&mut out, here, "/moderation", td_string!(locale, moderation.nav));
        }
        if committee {
            link(&mut out, here, "/committee", td_string!(locale, committee.title));
        }
        if admin {
            link(&mut out, here, "/admin/roles", td_string!(locale, site.nav_admin));
            link(&mut out, here, "/admin/reference", td_string!(locale, admin_ref.nav));
            link(&mut out, here, "/admin/board", td_string!(locale, board_admin.nav));
            link(&mut out, here, "/admin/audit", td_string!(locale, audit.nav));
            link(&mut out, here, "/admin/mail", td_string!(locale, admin_mail.nav));
            link(&mut out, here, "/admin/response-times", td_string!(locale, response_admin.nav));
            link(&mut out, here, "/admin/map", td_string!(locale, map_admin.nav));
            if !staff {
                link(&mut out, here, "/moderation", td_string!(locale, moderation.nav));
            }
        }
        out.push_str("</ul></div></details>");
    }
    out.push_str("</div></div>");
    out
}

/// Where the inside of the menu is in a rendered page; `None` when the page has no menu.
pub fn menu_range(page: &str) -> Option<std::ops::Range<usize>> {
    let mut from = 0;
    let inner = loop {
        let open = from + page[from..].find("<nav")?;
        let end = open + page[open..].find('>')?;
        if page[open..end].contains(MENU_CLASS) {
            break end + 1;
        }
        from = end;
    };
    Some(inner..inner + page[inner..].find(MENU_CLOSE)?)
}

/// The language a rendered page is in (its `<html lang>`).
pub fn page_locale(page: &str) -> Option<Locale> {
    let start = page.find("<html lang=\"")? + "<html lang=\"".len();
    let len = page[start..].find('"')?;
    Locale::get_all().iter().copied().find(|l| l.as_str() == &page[start..start + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(roles: Vec<Role>, unread: i64) -> MenuPerson {
        MenuPerson { display_name: "Ayşe <Demir>".into(), roles, unread }
    }

    #[test]
    fn a_visitor_is_offered_sign_in_and_no_account_menu() {
        let html = menu_html(Locale::tr, "/submissions", None);
        assert!(html.contains("<a href=\"/sign-in\">Giriş yap</a>"));
        assert!(html.contains("<a href=\"/submissions\" aria-current=\"page\">"));
        assert!(!html.contains("sign-out"));
    }

    #[test]
    fn a_citizen_gets_the_account_menu_with_the_unread_count_and_an_escaped_name() {
        let html = menu_html(Locale::en, "/board", Some(&person(vec![Role::Citizen], 3)));
        assert!(!html.contains("/sign-in"));
        assert!(html.contains("Ayşe &lt;Demir&gt;"), "{html}");
        assert!(html.contains("Your account (3 new)") && html.contains("Notifications (3 new)"), "{html}");
        assert!(html.contains("action=\"/sign-out\""));
        assert!(html.contains("<a href=\"/board\" aria-current=\"page\">"));
        assert!(!html.contains("/staff/queue") && !html.contains("/admin/roles"));
    }

    #[test]
    fn the_work_menu_follows_the_roles() {
        let staff = menu_html(Locale::tr, "/", Some(&person(vec![Role::Staff], 0)));
        assert!(staff.contains("/staff/intake") && staff.contains("/staff/queue") && !staff.contains("/committee"));
        let chair = menu_html(Locale::tr, "/", Some(&person(vec![Role::Chair], 0)));
        assert!(chair.contains("/committee") && !chair.contains("/staff/intake"));
        let admin = menu_html(Locale::tr, "/", Some(&person(vec![Role::Admin], 0)));
        assert!(admin.contains("/admin/roles") && admin.contains("/admin/mail") && !admin.contains("/committee"));
    }

    #[test]
    fn the_menu_is_put_in_place_of_the_visitors_and_nothing_else_changes() {
        let page = format!(
            "<html lang=\"en\"><body><nav aria-label=\"Skip\">s</nav><header>h</header><nav aria-label=\"Main\" {MENU_CLASS}>{}</nav><main>m</main></body>",
            menu_html(Locale::en, "/submissions", None)
        );
        assert_eq!(page_locale(&page), Some(Locale::en));
        let mine = menu_html(Locale::en, "/submissions", Some(&person(vec![Role::Citizen], 0)));
        let inside = menu_range(&page).expect("a menu");
        let spliced = format!("{}{mine}{}", &page[..inside.start], &page[inside.end..]);
        assert_eq!(
            spliced,
            format!("<html lang=\"en\"><body><nav aria-label=\"Skip\">s</nav><header>h</header><nav aria-label=\"Main\" {MENU_CLASS}>{mine}</nav><main>m</main></body>")
        );
        assert_eq!(menu_range("<html><body><nav>no menu</nav></body>"), None);
    }
}
