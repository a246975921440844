//! The issued invoice's PDF: the stored one, or fetched from the provider and stored.

use super::*;

pub(super) async fn store_pdf(
    pool: &PgPool,
    invoice_id: i64,
    bytes: &[u8],
) -> Result<(), sqlx::Error> {
    sqlx::query("update invoices set pdf = $2, updated_at = now() where id = $1")
        .bind(invoice_id)
        .bind(bytes)
        .execute(pool)
        .await?;
    Ok(())
}

/// The issued invoice's PDF for an order: the stored one, or (when it was not fetched at
/// issue time and `providers` is given) fetched from the provider now and stored.
pub async fn pdf(
    pool: &PgPool,
    providers: Option<&InvoiceProviders>,
    number: &str,
) -> Result<Vec<u8>, IssueError> {
    #[allow(clippy::type_complexity)]
    let row: Option<(
        String,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<DateTime<Utc>>,
        Option<Vec<u8>>,
    )> = sqlx::query_as(
        "select o.number, i.id, i.status, i.provider, i.number, i.series, i.template_code,
                i.transaction_uuid::text, i.issued_at, i.pdf
         from orders o left join lateral (
             select * from invoices where order_id = o.id
                 and kind in ('original', 'replacement') and status <> 'replaced'
             order by (status = 'issued') desc, id desc limit 1) i on true
         where o.number = upper($1)",
    )
    .bind(number.trim())
    .fetch_optional(pool)
    .await?;
    let Some((order, id, status, prov, inv_number, series, template, uuid, issued_at, stored)) =
        row
    else {
        return Err(IssueError::NotFound(number.trim().to_string()));
    };
    let no_pdf = |message: String| IssueError::NoPdf {
        order: order.clone(),
        message,
    };
    let (Some(id), Some(status)) = (id, status) else {
        return Err(no_pdf(orderdeck_i18n::t!("err-pdf-no-invoice")));
    };
    if status != "issued" {
        return Err(no_pdf(orderdeck_i18n::t!(
            "err-pdf-not-issued",
            status = &status
        )));
    }
    if let Some(bytes) = stored.filter(|b| !b.is_empty()) {
        return Ok(bytes);
    }
    let kind = prov.as_deref().and_then(ProviderKind::parse);
    let (Some(providers), Some(kind)) = (providers, kind) else {
        return Err(no_pdf(orderdeck_i18n::t!("err-pdf-no-provider")));
    };
    let client = providers.get(kind)?;
    let issued = IssuedInvoice {
        number: inv_number.unwrap_or_default(),
        series: series.unwrap_or_default(),
        template: template.unwrap_or_default(),
        tax_authority_code: None,
        transaction_uuid: uuid.unwrap_or_default(),
        issued_at: issued_at.unwrap_or_else(Utc::now),
    };
    let bytes = client.pdf(&issued).await.map_err(|e| {
        no_pdf(orderdeck_i18n::t!(
            "err-pdf-not-sent",
            provider = kind.label(),
            error = e.to_string()
        ))
    })?;
    if bytes.is_empty() {
        return Err(no_pdf(orderdeck_i18n::t!(
            "err-pdf-empty",
            provider = kind.label()
        )));
    }
    store_pdf(pool, id, &bytes).await?;
    Ok(bytes)
}
