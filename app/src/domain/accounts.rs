//! Account rules: what a display name, an e-mail address and a password must be. The same checks
//! run for the form, the JSON API and the CLI, and return field codes, not sentences.
use crate::error::{FieldErrors, Problem};

pub const NAME_MIN: usize = 2;
pub const NAME_MAX: usize = 80;
pub const EMAIL_MAX: usize = 254;
pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 128;

/// Passwords that pass the length rule but appear at the top of every breach list.
const COMMON_PASSWORDS: &[&str] = &[
    "1234567890",
    "12345678910",
    "0123456789",
    "1234567891",
    "qwertyuiop",
    "password12",
    "password123",
    "password1234",
    "parola1234",
    "sifre12345",
    "şifre12345",
    "asdfghjklş",
    "1q2w3e4r5t",
    "qwerty1234",
    "iloveyou12",
    "abcdefghij",
    "aaaaaaaaaa",
    "galatasaray",
    "fenerbahce",
    "besiktas1903",
    "trabzonspor",
    "bursaspor16",
    "inegol1234",
    "inegol16400",
    "0987654321",
    "qwertyuiop1",
    "1111111111",
    "turkiye1923",
    "istanbul34",
    "ankara0606",
];

/// A new account as typed, before checks.
#[derive(Debug, Clone, Default)]
pub struct NewAccount {
    pub display_name: String,
    pub email: String,
    pub password: String,
}

/// The normalised form of an e-mail: trimmed and lower-cased, so uniqueness is case-insensitive.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub fn check_display_name(name: &str, errors: &mut FieldErrors, field: &str) {
    let name = name.trim();
    let len = name.chars().count();
    if len == 0 {
        errors.add(field, Problem::Required);
    } else if len < NAME_MIN {
        errors.add(field, Problem::TooShort);
    } else if len > NAME_MAX {
        errors.add(field, Problem::TooLong);
    } else if name.chars().any(char::is_control) {
        errors.add(field, Problem::Invalid);
    }
}

pub fn check_email(email: &str, errors: &mut FieldErrors, field: &str) {
    let email = email.trim();
    if email.is_empty() {
        errors.add(field, Problem::Required);
    } else if email.chars().count() > EMAIL_MAX {
        errors.add(field, Problem::TooLong);
    } else if !looks_like_email(email) {
        errors.add(field, Problem::Invalid);
    }
}

/// One '@', something before it, a dot inside the domain, no spaces or control characters.
/// Deliverability is not checked here (no network at run time).
fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Length first (at least `PASSWORD_MIN`, at most `PASSWORD_MAX` characters), then guessability:
/// a breach-list password, one repeated character, or the e-mail itself.
pub fn check_password(password: &str, email: &str, errors: &mut FieldErrors, field: &str) {
    let len = password.chars().count();
    if password.is_empty() {
        errors.add(field, Problem::Required);
    } else if len < PASSWORD_MIN {
        errors.add(field, Problem::TooShort);
    } else if len > PASSWORD_MAX {
        errors.add(field, Problem::TooLong);
    } else if is_weak(password, email) {
        errors.add(field, Problem::Weak);
    }
}

fn is_weak(password: &str, email: &str) -> bool {
    let lower = password.to_lowercase();
    let mut chars = lower.chars();
    let first = chars.next();
    let one_char = first.is_some_and(|f| chars.all(|c| c == f));
    let email = normalize_email(email);
    let local = email.split('@').next().unwrap_or_default();
    COMMON_PASSWORDS.contains(&lower.as_str())
        || one_char
        || lower == email
        || (local.chars().count() >= 4 && lower == local)
}

/// All the rules of a new account at once, so the form shows every problem in one go.
pub fn validate_new_account(input: &NewAccount) -> FieldErrors {
    let mut errors = FieldErrors::new();
    check_display_name(&input.display_name, &mut errors, "display_name");
    check_email(&input.email, &mut errors, "email");
    check_password(&input.password, &input.email, &mut errors, "password");
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(input: NewAccount) -> Vec<(String, String)> {
        validate_new_account(&input).iter().map(|(f, p)| (f.to_owned(), p.as_str().to_owned())).collect()
    }

    #[test]
    fn a_good_account_passes() {
        let ok = NewAccount {
            display_name: "Ayşe Yılmaz".into(),
            email: "ayse@example.com".into(),
            password: "kestane şekeri 16".into(),
        };
        assert!(validate_new_account(&ok).is_empty());
    }

    #[test]
    fn empty_fields_are_each_required() {
        let got = codes(NewAccount::default());
        assert_eq!(
            got,
            vec![
                ("display_name".into(), "required".into()),
                ("email".into(), "required".into()),
                ("password".into(), "required".into()),
            ]
        );
    }

    #[test]
    fn over_long_and_malformed_fields_are_named() {
        let got = codes(NewAccount {
            display_name: "x".repeat(81),
            email: "ayse.example.com".into(),
            password: "p".repeat(129),
        });
        assert_eq!(got[0], ("display_name".into(), "too_long".into()));
        assert_eq!(got[1], ("email".into(), "invalid".into()));
        assert_eq!(got[2], ("password".into(), "too_long".into()));
    }

    #[test]
    fn weak_passwords_are_refused() {
        for pw in ["1234567890", "aaaaaaaaaaaa", "ayse@example.com", "Galatasaray"] {
            let mut e = FieldErrors::new();
            check_password(pw, "ayse@example.com", &mut e, "password");
            assert_eq!(e.get("password"), Some(Problem::Weak), "{pw}");
        }
        let mut e = FieldErrors::new();
        check_password("short", "a@b.co", &mut e, "password");
        assert_eq!(e.get("password"), Some(Problem::TooShort));
    }

    #[test]
    fn emails_compare_case_insensitively() {
        assert_eq!(normalize_email("  Ayse@Example.COM "), "ayse@example.com");
        for bad in ["a@b", "@b.com", "a@@b.com", "a b@c.com", "a@.com", "a@b..com"] {
            let mut e = FieldErrors::new();
            check_email(bad, &mut e, "email");
            assert_eq!(e.get("email"), Some(Problem::Invalid), "{bad}");
        }
    }
}
