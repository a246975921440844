//! The HTTP listener itself (`orderdeck_app::http::serve`): a stop finishes the requests
//! under way and takes no new connection.

use std::time::Duration;

use axum::Router;
use axum::routing::get;
use orderdeck_app::http;
use tokio::sync::watch;

#[tokio::test]
async fn a_stop_finishes_the_request_under_way_and_takes_no_new_one() {
    let app = Router::new().route(
        "/slow",
        get(|| async {
            tokio::time::sleep(Duration::from_millis(600)).await;
            "done"
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stop_rx) = watch::channel(false);
    let served = tokio::spawn(http::serve(listener, app, http::Limits::default(), stop_rx));
    let under_way = tokio::spawn(async move {
        reqwest::get(format!("http://{addr}/slow"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    });
    tokio::time::sleep(Duration::from_millis(150)).await;
    stop.send(true).unwrap();
    // The request that had started is answered in full.
    assert_eq!(under_way.await.unwrap(), "done");
    // The listener returns once its connections are done, well before its drain limit.
    tokio::time::timeout(Duration::from_secs(5), served)
        .await
        .expect("serve returned")
        .unwrap()
        .unwrap();
    // And nothing listens any more.
    let after = reqwest::Client::new()
        .get(format!("http://{addr}/slow"))
        .timeout(Duration::from_secs(2))
        .send()
        .await;
    assert!(after.is_err(), "a new connection after the stop: {after:?}");
}
