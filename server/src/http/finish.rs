//! Every request runs to its end, even when the client has gone. A page render that is dropped
//! half way (a closed tab, a phone that lost its signal) leaves futures Leptos spawned for it
//! running without the render's owner; they went on rendering without its context and
//! panicked ("I18n context is missing", a disposed signal: `tests/abandoned.rs`). Run in a task
//! of its own, the handler finishes (a few milliseconds of work nobody reads) and tears down its
//! owner in order. A write that has begun also completes instead of stopping between statements.
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

pub async fn run_to_end(req: Request, next: Next) -> Response {
    match tokio::spawn(next.run(req)).await {
        Ok(res) => res,
        Err(e) => {
            // A panic in the handler: the same problem page as the panic layer's.
            let cause: Box<dyn std::any::Any + Send> = match e.try_into_panic() {
                Ok(payload) => payload,
                Err(e) => Box::new(e.to_string()),
            };
            crate::router::panic_page(cause)
        }
    }
}
