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
        email_verified_at -> Nullable<Timestamp>,
        directorate_id -> Nullable<BigInt>,
        blocked_until -> Nullable<Timestamp>,
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
        user_id -> Nullable<BigInt>,
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
        addr -> Nullable<Text>,
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

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    reference_counters (year) {
        year -> BigInt,
        last_number -> BigInt,
    }
}

diesel::table! {
    submissions (id) {
        id -> BigInt,
        reference -> Nullable<Text>,
        kind -> Text,
        status -> Text,
        title -> Text,
        body -> Text,
        body_html -> Text,
        summary -> Text,
        search_title -> Text,
        search_body -> Text,
        category_id -> BigInt,
        neighbourhood_id -> BigInt,
        directorate_id -> BigInt,
        lat -> Nullable<Double>,
        lon -> Nullable<Double>,
        author_id -> Nullable<BigInt>,
        channel -> Text,
        recorded_by -> Nullable<BigInt>,
        client_token -> Nullable<Text>,
        support_count -> BigInt,
        comment_count -> BigInt,
        queued_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        assignee_id -> Nullable<BigInt>,
        first_response_due_at -> Nullable<Timestamp>,
        resolution_due_at -> Nullable<Timestamp>,
        first_response_at -> Nullable<Timestamp>,
        resolved_at -> Nullable<Timestamp>,
        visit_id -> Nullable<BigInt>,
        moderation -> Nullable<Text>,
    }
}

diesel::table! {
    field_visits (id) {
        id -> BigInt,
        kind -> Text,
        neighbourhood_id -> BigInt,
        date -> Text,
        place -> Text,
        notes -> Text,
        created_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    response_targets (kind) {
        kind -> Text,
        first_response_hours -> BigInt,
        resolution_days -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    holidays (date) {
        date -> Text,
        name_tr -> Text,
        name_en -> Text,
        kind -> Text,
        half_day -> Bool,
    }
}

diesel::table! {
    submission_contacts (submission_id) {
        submission_id -> BigInt,
        name -> Text,
        contact -> Text,
        consent -> Bool,
        contact_key -> Nullable<Text>,
    }
}

diesel::table! {
    submission_events (id) {
        id -> BigInt,
        submission_id -> BigInt,
        at -> Timestamp,
        kind -> Text,
        from_status -> Nullable<Text>,
        to_status -> Nullable<Text>,
        actor_id -> Nullable<BigInt>,
        actor_role -> Nullable<Text>,
        public_note -> Text,
        internal_note -> Text,
        actor_directorate_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    supports (submission_id, user_id) {
        submission_id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    comments (id) {
        id -> BigInt,
        submission_id -> BigInt,
        parent_id -> Nullable<BigInt>,
        author_id -> BigInt,
        body -> Text,
        body_html -> Text,
        official -> Bool,
        created_at -> Timestamp,
        edited_at -> Nullable<Timestamp>,
        deleted_at -> Nullable<Timestamp>,
        moderation -> Nullable<Text>,
    }
}

diesel::table! {
    follows (submission_id, user_id) {
        submission_id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    notifications (id) {
        id -> BigInt,
        user_id -> BigInt,
        submission_id -> BigInt,
        kind -> Text,
        detail -> Text,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
        email_state -> Text,
        email_attempts -> BigInt,
    }
}

diesel::table! {
    notification_settings (user_id) {
        user_id -> BigInt,
        email_comments -> Bool,
        email_official -> Bool,
        email_status -> Bool,
    }
}

diesel::table! {
    flags (id) {
        id -> BigInt,
        target_kind -> Text,
        target_id -> BigInt,
        user_id -> BigInt,
        reason -> Text,
        created_at -> Timestamp,
        detail -> Text,
        reviewed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    media (id) {
        id -> BigInt,
        submission_id -> BigInt,
        kind -> Text,
        position -> BigInt,
        file_name -> Text,
        thumb_name -> Nullable<Text>,
        media_type -> Text,
        width -> Nullable<BigInt>,
        height -> Nullable<BigInt>,
        bytes -> BigInt,
        created_at -> Timestamp,
        phase -> Nullable<Text>,
    }
}

diesel::joinable!(submissions -> categories (category_id));
diesel::joinable!(submissions -> neighbourhoods (neighbourhood_id));
diesel::joinable!(submissions -> directorates (directorate_id));
diesel::joinable!(submission_contacts -> submissions (submission_id));
diesel::joinable!(field_visits -> neighbourhoods (neighbourhood_id));
diesel::joinable!(submission_events -> submissions (submission_id));
diesel::joinable!(comments -> submissions (submission_id));
diesel::joinable!(comments -> users (author_id));
diesel::joinable!(media -> submissions (submission_id));
diesel::table! {
    drafts (id) {
        id -> BigInt,
        author_id -> BigInt,
        kind -> Text,
        title -> Text,
        body -> Text,
        category_id -> Nullable<BigInt>,
        neighbourhood_id -> Nullable<BigInt>,
        lat -> Nullable<Double>,
        lon -> Nullable<Double>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> BigInt,
        recipient -> Text,
        subject -> Text,
        body -> Text,
        notification_id -> Nullable<BigInt>,
        state -> Text,
        attempts -> BigInt,
        next_attempt_at -> Timestamp,
        give_up_at -> Timestamp,
        leased_until -> Nullable<Timestamp>,
        leased_by -> Nullable<Text>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        name -> Text,
        prefix -> Text,
        secret_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    email_verifications (token_hash) {
        token_hash -> Text,
        user_id -> BigInt,
        email -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    rubrics (id) {
        id -> BigInt,
        version -> BigInt,
        scale_max -> Integer,
        created_at -> Timestamp,
        created_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    rubric_criteria (id) {
        id -> BigInt,
        rubric_id -> BigInt,
        position -> Integer,
        key -> Text,
        name_tr -> Text,
        name_en -> Text,
        weight -> Integer,
    }
}

diesel::table! {
    evaluation_rounds (id) {
        id -> BigInt,
        submission_id -> BigInt,
        rubric_id -> BigInt,
        opened_by -> BigInt,
        opened_at -> Timestamp,
        deadline -> Timestamp,
        quorum -> BigInt,
        reminded_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        closed_by -> Nullable<BigInt>,
        committee_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    round_members (round_id, user_id) {
        round_id -> BigInt,
        user_id -> BigInt,
        submitted_at -> Nullable<Timestamp>,
        recused_at -> Nullable<Timestamp>,
        recusal_reason -> Text,
    }
}

diesel::table! {
    round_scores (round_id, user_id, criterion_id) {
        round_id -> BigInt,
        user_id -> BigInt,
        criterion_id -> BigInt,
        score -> Integer,
        justification -> Text,
    }
}

diesel::table! {
    decisions (id) {
        id -> BigInt,
        submission_id -> BigInt,
        round_id -> Nullable<BigInt>,
        outcome -> Text,
        public_reason -> Text,
        estimated_cost_kurus -> Nullable<BigInt>,
        estimated_days -> Nullable<BigInt>,
        decided_by -> BigInt,
        decided_at -> Timestamp,
    }
}

diesel::joinable!(rubric_criteria -> rubrics (rubric_id));
diesel::joinable!(evaluation_rounds -> rubrics (rubric_id));
diesel::joinable!(evaluation_rounds -> submissions (submission_id));
diesel::joinable!(round_members -> evaluation_rounds (round_id));
diesel::joinable!(round_scores -> rubric_criteria (criterion_id));
diesel::joinable!(decisions -> submissions (submission_id));

diesel::table! {
    milestones (id) {
        id -> BigInt,
        submission_id -> BigInt,
        title -> Text,
        planned_on -> Text,
        done_on -> Nullable<Text>,
        note -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    implementations (submission_id) {
        submission_id -> BigInt,
        progress_percent -> Integer,
        budget_kurus -> Nullable<BigInt>,
        directorate_id -> Nullable<BigInt>,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(milestones -> submissions (submission_id));
diesel::joinable!(implementations -> submissions (submission_id));

diesel::table! {
    committees (id) {
        id -> BigInt,
        name -> Text,
        chair_id -> Nullable<BigInt>,
        active -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    committee_members (committee_id, user_id) {
        committee_id -> BigInt,
        user_id -> BigInt,
    }
}

diesel::joinable!(committee_members -> committees (committee_id));

diesel::table! {
    moderation_actions (id) {
        id -> BigInt,
        target_kind -> Text,
        target_id -> BigInt,
        action -> Text,
        reason -> Text,
        moderator_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    moderation_words (word) {
        word -> Text,
        added_at -> Timestamp,
    }
}

diesel::table! {
    user_blocks (id) {
        id -> BigInt,
        user_id -> BigInt,
        reason -> Text,
        until -> Timestamp,
        blocked_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    submission_merges (duplicate_id) {
        duplicate_id -> BigInt,
        original_id -> BigInt,
        merged_by -> BigInt,
        merged_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    moderation_actions,
    moderation_words,
    user_blocks,
    submission_merges,
    field_visits,
    response_targets,
    holidays,
    committees,
    committee_members,
    milestones,
    implementations,
    rubrics,
    rubric_criteria,
    evaluation_rounds,
    round_members,
    round_scores,
    decisions,
    email_verifications,
    api_tokens,
    mail_outbox,
    drafts,
    user_roles,
    sessions,
    audit_log,
    settings,
    reference_counters,
    notification_settings,
    flags,
    submissions,
    submission_contacts,
    submission_events,
    supports,
    comments,
    follows,
    notifications,
    users,
    categories,
    neighbourhoods,
    directorates,
    media
);
