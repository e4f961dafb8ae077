//! The tables, in types both backends share (BigInt ids, Text, Bool, Timestamp in UTC, Double).
//! Written by hand to match `migrations/{sqlite,postgres}`; a test migrates both backends and
//! reads every column listed here.
diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Text,
        email_normalized -> Text,
        display_name -> Text,
        password_hash -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    user_roles (user_id, role) {
        user_id -> BigInt,
        role -> Text,
        granted_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        data -> Text,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor_id -> Nullable<BigInt>,
        action -> Text,
        subject -> Text,
        detail -> Text,
    }
}

diesel::table! {
    directorates (id) {
        id -> BigInt,
        name_tr -> Text,
        name_en -> Text,
        handles -> Text,
        active -> Bool,
    }
}

diesel::table! {
    categories (id) {
        id -> BigInt,
        slug -> Text,
        name_tr -> Text,
        name_en -> Text,
        directorate_id -> BigInt,
        active -> Bool,
    }
}

diesel::table! {
    neighbourhoods (id) {
        id -> BigInt,
        name -> Text,
        kind -> Text,
        lat -> Nullable<Double>,
        lon -> Nullable<Double>,
        active -> Bool,
    }
}

diesel::joinable!(user_roles -> users (user_id));
diesel::joinable!(categories -> directorates (directorate_id));
diesel::allow_tables_to_appear_in_same_query!(
    users,
    user_roles,
    sessions,
    audit_log,
    directorates,
    categories,
    neighbourhoods
);
