//! `GET /v1/openapi.json`: the API described in OpenAPI 3.1, for client generators and
//! for the developer of a seller's website. Served without a key: it holds nothing of the
//! shop's. In English, as the API's errors are (see `problem`).

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use orderdeck_domain::api_access::MAX_IDEMPOTENCY_KEY;
use orderdeck_store::idempotency::{ABANDONED_AFTER_SECS, KEPT_HOURS};

use super::ApiLimits;
use super::stock::MAX_SKUS;

pub(super) async fn serve() -> Response {
    let mut r = axum::Json(document()).into_response();
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    r
}

fn problem_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    })
}

fn unauthorized() -> Value {
    json!({
        "description": "No key (WWW-Authenticate: Bearer realm=\"orderdeck\"), or an unknown or revoked key (… error=\"invalid_token\").",
        "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    })
}

fn forbidden(what: &str) -> Value {
    json!({
        "description": format!("The key lacks the scope (WWW-Authenticate: Bearer … error=\"insufficient_scope\", scope=\"…\"){what}."),
        "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    })
}

/// The whole document.
pub fn document() -> Value {
    let limits = ApiLimits::default();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "orderdeck order-intake API",
            "version": "1",
            "description": format!(
    "Orders from a seller's own website into orderdeck, stock to offer, and the order's state.\n\n\
    **Keys.** Every request but this document carries `Authorization: Bearer odk_…`, a key made with \
    `orderdeck keys create NAME --scope …`. A key is checked on every request: a revoked key is refused \
    at once. A key bound to a channel (`--channel`) may send and read only that channel's orders; an \
    unbound key any of the shop's own channels (website, manual, storefronts) but not a marketplace's.\n\n\
    **Idempotency.** `POST /v1/orders` requires `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header; \
    the quoted sf-string form or a bare token, 1–{MAX_IDEMPOTENCY_KEY} visible ASCII characters; a UUID is best), \
    per API key. The same key with the same body (compared after parsing: spacing and key order do not \
    matter) returns the first answer again, with `Idempotent-Replayed: true`; with another body, 422; \
    while the first is still running, 409 with `Retry-After`. Only answers of orders carried out (200, 201) \
    are kept, for {KEPT_HOURS} hours after they finish; a request refused before anything was written \
    (malformed JSON, a field error, an unknown SKU, a 5xx) is not kept, so it may be corrected or repeated \
    under the same key (as Stripe does). A key whose request never finished is free again after \
    {ABANDONED_AFTER_SECS} seconds. Independently of keys, an order's (`channel`, `external_id`) is taken \
    once: sending it again answers 200 with `\"duplicate\": true`.\n\n\
    **Limits.** Bodies up to {} bytes (413), arriving within {} seconds (408), as `application/json` (415).\n\n\
    **Errors** are RFC 9457 problem documents in English; match on `type` and `status`, not on the text.",
                limits.max_body,
                limits.body_timeout.as_secs()
            )
        },
        "security": [{"bearer": []}],
        "paths": paths(),
        "components": components(),
    })
}

fn paths() -> Value {
    let mut paths = serde_json::Map::new();
    paths.insert("/v1/orders".into(), post_orders());
    paths.insert("/v1/orders/{number}".into(), get_order());
    paths.insert("/v1/stock".into(), get_stock());
    paths.insert("/v1/chat/messages".into(), chat_messages());
    paths.insert(
        "/v1/openapi.json".into(),
        json!({"get": {
            "summary": "This document",
            "operationId": "getOpenApi",
            "security": [],
            "responses": {"200": {"description": "OpenAPI 3.1.", "content": {"application/json": {}}}}
        }}),
    );
    Value::Object(paths)
}

fn post_orders() -> Value {
    json!({
        "post": {
            "summary": "Send an order",
            "operationId": "createOrder",
            "description": "Scope `orders:write`. The order goes through intake: stock is checked and reserved at once, or the order waits for stock (backordered) with what is short. The order's timeline names the key (`api:<key name>`).",
            "parameters": [{"$ref": "#/components/parameters/IdempotencyKey"}],
            "requestBody": {
                "required": true,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewOrder"}}}
            },
            "responses": {
                "201": {
                    "description": "Taken in.",
                    "headers": {
                        "Location": {"schema": {"type": "string"}, "description": "/v1/orders/{number}"},
                        "Idempotent-Replayed": {"$ref": "#/components/headers/IdempotentReplayed"}
                    },
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrderTaken"}}}
                },
                "200": {
                    "description": "This channel's order with this external_id was taken before: nothing changed.",
                    "headers": {"Idempotent-Replayed": {"$ref": "#/components/headers/IdempotentReplayed"}},
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrderDuplicate"}}}
                },
                "400": problem_response("Idempotency-Key missing or malformed, or the body is not JSON. Nothing kept."),
                "401": unauthorized(),
                "403": forbidden(", or the key may not send this channel's orders (errors name `channel`)"),
                "408": problem_response("The body did not arrive in time. Nothing written."),
                "409": {
                    "description": "A request with this Idempotency-Key is still being carried out.",
                    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                },
                "413": problem_response("The body is too large. Nothing written."),
                "415": problem_response("The body is not application/json. Nothing written."),
                "422": problem_response("The order breaks a rule (every field problem listed: an unknown SKU, a phone that is not Vietnamese, an amount…), or the Idempotency-Key was used with another body. Nothing written; the key is not kept for a refused order."),
                "503": problem_response("Something of ours failed; nothing was written. Retry with the same Idempotency-Key.")
            }
        }
    })
}

fn get_order() -> Value {
    json!({
        "get": {
            "summary": "An order's state",
            "operationId": "getOrder",
            "description": "Scope `orders:read`. The buyer's phone, e-mail and address are not returned (least data: the sender has them).",
            "parameters": [{"name": "number", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {
                "200": {"description": "The order.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}},
                "401": unauthorized(),
                "403": forbidden(""),
                "404": problem_response("No such order, or not one this key may read."),
                "503": problem_response("Something of ours failed.")
            }
        }
    })
}

fn get_stock() -> Value {
    json!({
        "get": {
            "summary": "Stock to offer",
            "operationId": "getStock",
            "description": "Scope `stock:read`. Per SKU and active warehouse: available (on hand − reserved) less the channel's stock buffer, never below 0; `total` is the SKU's available in all warehouses less the buffer once (what a marketplace listing is given). The channel is the key's own if bound, else `channel`; with neither, no buffer.",
            "parameters": [
                {"name": "sku", "in": "query", "required": true, "schema": {"type": "string"}, "description": format!("Comma-separated SKUs, at most {MAX_SKUS}.")},
                {"name": "channel", "in": "query", "required": false, "schema": {"type": "string"}}
            ],
            "responses": {
                "200": {"description": "Stock.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Stock"}}}},
                "400": problem_response("No SKU, or too many."),
                "401": unauthorized(),
                "403": forbidden(", or `channel` is not the key's own"),
                "422": problem_response("Unknown channel."),
                "503": problem_response("Something of ours failed.")
            }
        }
    })
}

fn chat_messages() -> Value {
    json!({
        "post": {
            "summary": "A buyer's message on the website's chat",
            "operationId": "postChatMessage",
            "description": "Scope `chat:write`. The site's server passes each buyer message on. Stored once per `message_id`; answered by the assistant when the `web` chat channel answers by itself, else drafted for a person (`answered_by`). `phone` only for a buyer the site knows (a logged-in account): the assistant tells that phone's orders. A buying conversation can place an order (`order`).",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "type": "object", "additionalProperties": false, "required": ["session", "text"],
                "properties": {
                    "session": {"type": "string", "minLength": 1, "maxLength": 200, "description": "The site's id for this buyer's chat."},
                    "text": {"type": "string", "minLength": 1, "maxLength": crate::assistant::desk::MAX_TEXT},
                    "message_id": {"type": "string", "maxLength": 200, "description": "The site's id for the message: a retry with the same id is not stored or answered twice."},
                    "name": {"type": "string"},
                    "phone": {"type": "string"}
                }}}}},
            "responses": {
                "200": {"description": "Stored (and answered).", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["conversation", "stored", "reply", "answered_by", "order"],
                    "properties": {
                        "conversation": {"type": "integer"},
                        "stored": {"type": "boolean", "description": "false: this message_id was taken before; nothing done again."},
                        "reply": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/ChatSent"}]},
                        "answered_by": {"type": "string", "enum": ["assistant", "draft", "person"]},
                        "order": {"type": ["string", "null"], "description": "The order this message placed."}
                    }}}}},
                "400": problem_response("The body is not JSON."),
                "401": unauthorized(),
                "403": forbidden(""),
                "415": problem_response("Not application/json."),
                "422": problem_response("Empty or too long text, a bad session or message_id (errors name the field)."),
                "503": problem_response("Something of ours failed.")
            }
        },
        "get": {
            "summary": "What the shop sent the buyer",
            "operationId": "listChatReplies",
            "description": "Scope `chat:write`. The replies sent in this session's conversation after message `after` (the assistant's and people's), oldest first, at most 100: for the chat page to poll.",
            "parameters": [
                {"name": "session", "in": "query", "required": true, "schema": {"type": "string"}},
                {"name": "after", "in": "query", "required": false, "schema": {"type": "integer", "default": 0}}
            ],
            "responses": {
                "200": {"description": "Replies.", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/ChatSent"}}}}},
                "401": unauthorized(),
                "403": forbidden(""),
                "422": problem_response("The query cannot be read.")
            }
        }
    })
}

fn components() -> Value {
    json!({
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "odk_<prefix>_<secret>", "description": "RFC 6750. Scopes: orders:write, orders:read, stock:read, chat:write."}
        },
        "parameters": {
            "IdempotencyKey": {
                "name": "Idempotency-Key", "in": "header", "required": true,
                "description": "Unique per order you mean to send; reuse it only to retry that same order.",
                "schema": {"type": "string", "minLength": 1, "maxLength": MAX_IDEMPOTENCY_KEY + 2},
                "examples": {"draft": {"value": "\"8e03978e-40d5-43e8-bc93-6894a57f9324\""}, "bare": {"value": "8e03978e-40d5-43e8-bc93-6894a57f9324"}}
            }
        },
        "headers": {
            "IdempotentReplayed": {"description": "`true` on an answer given again for a repeated Idempotency-Key.", "schema": {"type": "string", "enum": ["true"]}}
        },
        "schemas": schemas()
    })
}

fn schemas() -> Value {
    let money = json!({"type": "string", "pattern": "^[0-9]+(\\.[0-9]{1,2})?$", "description": "A decimal amount as a string (VND: whole đồng). Whole JSON numbers are taken on input; floats never."});
    let mut schemas = serde_json::Map::new();
    schemas.insert("ChatSent".into(), json!({
        "type": "object", "required": ["id", "text", "at"],
        "properties": {"id": {"type": "integer"}, "text": {"type": "string"}, "at": {"type": "string", "format": "date-time"}}
    }));
    schemas.insert("Problem".into(), json!({
                    "type": "object",
                    "description": "RFC 9457 problem details.",
                    "required": ["type", "title", "status", "detail", "errors"],
                    "properties": {
                        "type": {"type": "string", "format": "uri", "description": "urn:orderdeck:problem:<kind>, e.g. invalid-order, idempotency-key-missing, idempotency-key-reused, idempotency-key-in-flight, invalid-token, insufficient-scope, channel-not-allowed, body-too-large, body-too-slow, unsupported-media-type, malformed-json, order-not-found, unavailable."},
                        "title": {"type": "string"},
                        "status": {"type": "integer"},
                        "detail": {"type": "string"},
                        "errors": {"type": "array", "items": {
                            "type": "object",
                            "required": ["field", "pointer", "message"],
                            "properties": {
                                "field": {"type": "string", "description": "As the order JSON names it (lines[0].sku), or a header or query parameter."},
                                "pointer": {"type": ["string", "null"], "description": "RFC 6901 JSON Pointer into the body (/lines/0/sku); null for a header or query parameter."},
                                "message": {"type": "string"}
                            }
                        }}
                    }
                }));
    schemas.insert("NewOrder".into(), json!({
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["channel", "customer", "lines"],
                    "properties": {
                        "channel": {"type": "string", "description": "Sales channel code (website, manual, or the key's channel)."},
                        "external_id": {"type": "string", "description": "Your order id; an order is taken once per channel and external_id."},
                        "source": {"type": "string", "enum": ["", "phone", "facebook", "zalo", "other"]},
                        "customer": {"type": "object", "additionalProperties": false, "required": ["name", "phone"], "properties": {
                            "name": {"type": "string"}, "phone": {"type": "string", "description": "Vietnamese: 0xxxxxxxxx or +84…"}, "email": {"type": "string"}}},
                        "shipping_address": {"type": "object", "additionalProperties": false, "properties": {
                            "line1": {"type": "string"}, "ward": {"type": "string"}, "district": {"type": "string"}, "province": {"type": "string"}}},
                        "payment": {"type": "string", "enum": ["cod", "prepaid"], "default": "cod"},
                        "shipping_fee": money.clone(),
                        "discount": money.clone(),
                        "note": {"type": "string"},
                        "wants_invoice": {"type": "boolean"},
                        "warehouse": {"type": "string", "description": "Warehouse code to take stock from first."},
                        "lines": {"type": "array", "minItems": 1, "maxItems": 200, "items": {
                            "type": "object", "additionalProperties": false, "required": ["sku", "qty"],
                            "properties": {"sku": {"type": "string"}, "qty": {"type": "integer", "minimum": 1, "maximum": 10000},
                                           "unit_price": money.clone(), "discount": money.clone()}}}
                    }
                }));
    schemas.insert("OrderTaken".into(), json!({
                    "type": "object",
                    "required": ["number", "status", "stock", "short"],
                    "properties": {
                        "number": {"type": "string"},
                        "status": {"type": "string", "enum": ["reserved", "backordered"]},
                        "stock": {"type": "string", "enum": ["reserved", "backordered"]},
                        "short": {"type": "array", "items": {"type": "object", "properties": {"sku": {"type": "string"}, "short": {"type": "integer"}}}}
                    }
                }));
    schemas.insert(
        "OrderDuplicate".into(),
        json!({
            "type": "object",
            "required": ["number", "duplicate"],
            "properties": {"number": {"type": "string"}, "duplicate": {"const": true}}
        }),
    );
    schemas.insert("Order".into(), json!({
                    "type": "object",
                    "properties": {
                        "number": {"type": "string"},
                        "status": {"type": "string"},
                        "channel": {"type": "string"},
                        "external_id": {"type": ["string", "null"]},
                        "buyer_name": {"type": "string"},
                        "payment_method": {"type": "string"},
                        "payment_status": {"type": "string"},
                        "lines": {"type": "array", "items": {"type": "object", "properties": {
                            "line_no": {"type": "integer"}, "sku": {"type": "string"}, "name": {"type": "string"},
                            "qty": {"type": "integer"}, "unit_price": money.clone(), "discount": money.clone(), "reserved": {"type": "integer"}}}},
                        "totals": {"type": "object", "properties": {"subtotal": money.clone(), "discount": money.clone(), "shipping_fee": money.clone(), "total": money.clone()}},
                        "parcels": {"type": "array", "items": {"type": "object", "properties": {
                            "carrier": {"type": "string"}, "tracking_number": {"type": ["string", "null"]}, "status": {"type": "string"}}}},
                        "created_at": {"type": "string", "format": "date-time"},
                        "updated_at": {"type": "string", "format": "date-time"}
                    }
                }));
    schemas.insert("Stock".into(), json!({
                    "type": "object",
                    "properties": {
                        "channel": {"type": ["string", "null"]},
                        "buffer": {"type": "integer"},
                        "skus": {"type": "array", "items": {"type": "object", "properties": {
                            "sku": {"type": "string"}, "total": {"type": "integer"},
                            "warehouses": {"type": "array", "items": {"type": "object", "properties": {"warehouse": {"type": "string"}, "available": {"type": "integer"}}}}}}},
                        "unknown": {"type": "array", "items": {"type": "string"}}
                    }
                }));
    Value::Object(schemas)
}
