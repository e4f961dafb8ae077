//! Stable codes: a closed set of values stored in the database and sent in the API as short
//! snake_case strings, and shown to people through translated labels (never the code itself).
//! `code_enum!` makes such an enum with its codes in one place: `ALL`, `as_str`, `parse` (for
//! input, which may be anything), `stored` (for a value read back, where anything else is a
//! corrupt row and an error, not a silent default), and serde as the code.

/// Defines a code enum: `code_enum! { /// doc  pub enum Name("what it is") { Variant = "code", … } }`.
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($what:literal) {
            $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant),+
        }

        impl $name {
            /// Every value, in the order people are offered them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code, as stored and sent.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            /// The value with this code (surrounding space ignored), if there is one.
            pub fn parse(code: &str) -> Option<$name> {
                let code = code.trim();
                $name::ALL.iter().copied().find(|v| v.as_str() == code)
            }

            /// A value read from the database: a code that is not one of ours is a corrupt row.
            #[cfg(feature = "ssr")]
            pub fn stored(code: &str) -> Result<$name, crate::error::AppError> {
                $name::parse(code).ok_or_else(|| {
                    crate::error::AppError::internal(format!(concat!("stored ", $what, " {:?} is not one"), code))
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use code_enum;

#[cfg(test)]
mod tests {
    code_enum! {
        /// A test set.
        pub enum Shade("shade") { Light = "light", DarkBlue = "dark_blue" }
    }

    #[test]
    fn codes_round_trip_and_strangers_are_refused() {
        for s in Shade::ALL {
            assert_eq!(Shade::parse(s.as_str()), Some(*s));
            assert_eq!(serde_json::to_string(s).unwrap(), format!("\"{s}\""));
        }
        assert_eq!(Shade::parse(" dark_blue "), Some(Shade::DarkBlue));
        assert_eq!(Shade::parse("DarkBlue"), None);
        assert_eq!(Shade::parse(""), None);
        assert!(serde_json::from_str::<Shade>("\"red\"").is_err());
        #[cfg(feature = "ssr")]
        {
            assert_eq!(Shade::stored("light"), Ok(Shade::Light));
            assert!(Shade::stored("red").is_err(), "a corrupt stored code is an error");
        }
    }
}
