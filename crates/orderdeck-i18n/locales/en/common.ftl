# Words and phrases every part of orderdeck uses.

common-orders-count = { $count ->
    [one] { $count } order
   *[other] { $count } orders
}

## Where an order stands: the seller's three words (and cancelled, returned)…
common-stage-new = New
common-stage-processing = Processing
common-stage-completed = Completed
common-stage-cancelled = Cancelled
common-stage-returned = Returned

## …and the finer states beside them.
common-status-new = new
common-status-backordered = backorder
common-status-reserved = reserved
common-status-packing = packing
common-status-packed = packed
common-status-shipped = shipped
common-status-delivered = delivered
common-status-completed = completed
common-status-cancelled = cancelled
common-status-returned = returned
common-status-partly-returned = partial

common-yes = yes
common-no = no

## Timeline: kinds of events
common-event-received = received
common-event-reserved = reserved
common-event-backorder = backorder
common-event-edited = edited
common-event-cancelled = cancelled
common-event-packing = packing
common-event-given-back = given back
common-event-packed = packed
common-event-shipped = shipped
common-event-not-shipped = not shipped
common-event-parcel-action = parcel action
common-event-parcel = parcel
common-event-delivered = delivered
common-event-completed = completed
common-event-cod-received = COD received
common-event-invoiced = invoiced
common-event-invoice-replaced = invoice replaced
common-event-invoice-adjusted = invoice adjusted
common-event-invoice-refused = invoice refused
common-event-invoice-left = invoice left
common-event-invoice-sent = invoice sent
common-event-returned = returned
common-event-refund = refund
common-event-exchange = exchange
common-event-marketplace = marketplace
common-event-new-address = new address
common-event-note = note

## Fields an edit changes (the timeline)
common-field-name = name
common-field-phone = phone
common-field-email = e-mail
common-field-address = address
common-field-shipping-fee = shipping fee
common-field-discount = discount
common-field-lines = lines
common-field-marketplace-status = marketplace status

## Channels whose codes are words
common-channel-website = website
common-channel-manual = manual
common-shortage = { $sku } short { $short }
common-channel-website-short = web
common-channel-manual-short = manual

## What the workers, the demo and a pull say
common-product-created = created { $name } with { $count ->
        [one] { $count } variant
       *[other] { $count } variants
    }: { $skus }
common-product-saved = saved { $name }
common-worker-order-sync = order sync started for { $shops } (every { $seconds } s; one instance pulls, the others stand by)
common-worker-poller = tracking poller started (one instance polls; the others stand by)
common-worker-invoicing = automatic invoicing started (one instance issues)
common-worker-notices = buyer notices started (shipment progress told once on the buyer's channel or by e-mail)
common-worker-stock-sync-pull-push = stock sync to the shops (marketplaces and websites) started (one instance pushes); product sync (pull and push) daily in { $window } local time
common-worker-stock-sync-pull = stock sync to the shops (marketplaces and websites) started (one instance pushes); product sync (pull) daily in { $window } local time
common-worker-stock-sync-on-demand = stock sync to the shops (marketplaces and websites) started (one instance pushes); product sync on demand only (no [listings] product_sync_window)
common-demo-not-seeded = the database already has data: demo data not seeded (nothing changed)
common-demo-seeded = demo data seeded: { $warehouses } warehouses, { $products } products ({ $variants } variants), { $suppliers } suppliers, { $customers } customers, { $orders } orders, { $purchase_orders } purchase orders, { $shipments } shipments, { $invoices } invoices
common-sync-report = { $fetched ->
        [one] { $fetched } order
       *[other] { $fetched } orders
    } read: { $created } new, { $duplicates } already here ({ $cancelled } cancelled, { $updated } updated), { $skipped } left out, { $problems } with problems

## `orderdeck db status`
common-db-not-initialised = not initialised (it is created on first use)
common-db-running = running
common-db-not-answering = not answering (crashed, or still starting); a console or command starts it again
common-db-stopped = stopped (it starts on demand)
common-db-status = embedded PostgreSQL: { $state }
    {"  "}cluster:  { $cluster }
    {"  "}socket:   { $socket }
    {"  "}log:      { $log }
    {"  "}binaries: { $binaries }
common-db-runs-as = {"  "}runs as:  { $user } (uid { $uid })
common-db-url = {"  "}url:      { $url }

## Parcels, purchase orders and invoices: the states people read (CLI and console alike)
common-parcel-pending = pending
common-parcel-ready-to-pick = ready to pick
common-parcel-picked-up = picked up
common-parcel-in-transit = in transit
common-parcel-out-for-delivery = out for delivery
common-parcel-delivered = delivered
common-parcel-delivery-failed = delivery failed
common-parcel-returning = returning
common-parcel-returned = returned
common-parcel-cancelled = cancelled
common-parcel-lost-or-damaged = lost or damaged
common-parcel-unknown = unknown
common-parcel-failed = failed
common-parcel-lost = lost
common-parcel-damaged = damaged
common-po-status-draft = draft
common-po-status-confirmed = confirmed
common-po-status-partially-received = partially received
common-po-status-received = received
common-po-status-cancelled = cancelled
common-invoice-no-code-yet = (none yet)
