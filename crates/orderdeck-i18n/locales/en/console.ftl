# What the console's jobs and lists say (crates/orderdeck-console).
# Values in `{ $key }` (`{ship}`, `{yes}`, `{invoice}`) are the names of keys, filled in
# as the person has bound them.

## Packing
console-pack-claimed = claimed { $number } — scan each item
console-pack-nothing-waiting = nothing is waiting to be packed
console-pack-counted = { $sku }: { $packed } of { $qty }
console-pack-done = { $number } is packed ✓ — Enter for the next order
console-pack-unclaimed = order returned to the pack queue

## Orders
console-order-cancelled = cancelled { $number }; its stock is free again
console-order-line-no-match = line { $line }: nothing matches `{ $typed }`
console-order-line-many = line { $line }: `{ $typed }` matches { $count } items ({ $skus }): be more specific
console-order-created = created { $number }: { $status }, stock reserved
console-order-created-backordered = created { $number }: backordered ({ $shortages })
console-order-duplicate = already received as { $number }
console-order-not-editable = { $number } is { $status }: it can no longer be edited
console-order-not-found = no order { $number }
console-order-saved = saved { $number } (version { $version }): { $status }
console-order-saved-backordered = saved { $number } (version { $version }): backordered, { $shortages }
console-order-conflict = { $number } was changed by { $by } since you opened it (version { $yours } → { $current }): nothing was saved; this is the fresh order — make your change again
console-customer-new = { $phone }: a new customer
console-phone-invalid = `{ $phone }` is not a Vietnamese phone number

## Purchasing and stock counts
console-po-nothing-to-draft = nothing to order: every shortage is already on an open purchase order
console-po-drafted = drafted { $numbers }
console-po-no-supplier = ; no supplier known for { $skus }
console-po-confirmed = confirmed { $number }
console-po-received = received { $number } ({ $status })
console-po-now-ready = ; now ready to pack: { $numbers }
console-po-cancelled = cancelled { $number }
console-po-nothing-expected = nothing is still expected on { $number }
console-count-posted = stock count { $count } posted: { $adjustments ->
        [one] { $adjustments } adjustment
       *[other] { $adjustments } adjustments
    } { $details }

## Catalogue records
console-warehouse-saved = warehouse { $code } saved
console-warehouse-deactivated = warehouse { $code } deactivated
console-warehouse-gone = that warehouse no longer exists
console-product-gone = that product no longer exists
console-supplier-gone = that supplier no longer exists

## Invoices and returns
console-invoicing-not-set-up = invoicing is not set up in this console
console-invoice-issued = { $order }: invoice { $invoice } issued with { $provider } — tax-authority code { $code }
console-invoice-issued-recovered = { $order }: invoice { $invoice } issued with { $provider } — tax-authority code { $code } (found at the provider: an earlier attempt had got through)
console-invoice-replaced = { $order }: replacement invoice { $invoice } issued — tax-authority code { $code }
console-bad-offset = bad offset
console-invoice-emailed = invoice { $invoice } of { $order } e-mailed to { $to }
console-invoice-unsure = { $provider } did not answer clearly ({ $cause }); the invoice of { $order } is kept as issuing under transaction { $uuid }: issue it again from the preview ({ $key }) — it looks the invoice up first and never issues a second one
console-invoice-held = { $cause }; an earlier attempt's fate is still unknown, so the invoice of { $order } stays issuing under transaction { $uuid }: issue it again from the preview ({ $key }) later
console-return-received = return { $id } of { $order }: { $restocked } back in stock, { $written_off } written off; order { $status }
console-return-refund-recorded = ; refund recorded
console-return-exchange-made = ; exchange order { $number }
console-return-exchange-failed = ; exchange NOT made: { $error }
console-return-invoice-replaced = ; replacement invoice { $invoice } issued for { $replaced }

## Files and printing
console-cannot-create = cannot create { $path }: { $error }
console-cannot-write = cannot write { $path }: { $error }
console-cannot-run = cannot run `{ $command }`: { $error }
console-pdf-written = PDF written to { $path }
console-print-command-empty = the print command is empty
console-label-sent = label for { $tracking } sent to `{ $command }` ({ $path })
console-label-print-failed = label saved to { $path } — printing failed: { $error }

## Shipping
console-shipping-not-set-up = shipping is not set up in this console
console-ship-hint-prepaid = prepaid: nothing to collect
console-ship-hint-cod = goods { $goods }; if the buyer pays shipping: { $with_fee }
console-ship-place = { $carrier }: { $problem } (the buyer wrote "{ $written }")
console-ship-question-to = Ship { $number } to { $place } with { $carrier } { $service }: fee { $fee }; the buyer hands over { $at_door }? { $key } = send to the carrier, any other key = no
console-ship-question = Ship { $number } with { $carrier } { $service }: fee { $fee }; the buyer hands over { $at_door }? { $key } = send to the carrier, any other key = no
console-ship-check-form = check the ship form
console-ship-shipped = { $number } shipped with { $carrier }: tracking { $tracking } (fee { $fee }, COD { $cod }) — L prints its label
console-ship-unsure = { $carrier } did not answer clearly ({ $cause }); the shipment is kept as pending under { $code }: press { $key } on the order again — it looks the parcel up first and never makes a second one
console-ship-held = { $cause }; an earlier attempt's fate is still unknown, so the shipment stays pending under { $code }: press { $key } on the order again later — it looks the parcel up first
console-parcel-cancel-asked = asked the carrier to cancel { $tracking }
console-parcel-redeliver-asked = asked the carrier to deliver { $tracking } again
console-parcel-return-asked = asked the carrier to return { $tracking } to us
console-note-added = note added to { $tracking }'s order
console-shipment-not-found = no shipment { $tracking }
console-cod-received = COD { $amount } for { $tracking } recorded as received

## Marketplace shops
console-lasting-days = { $days } days
console-lasting-hours = { $hours } h { $minutes } m
console-lasting-minutes = { $minutes } min
console-shop-gone = that shop no longer exists
console-shop-not-marketplace = { $name } is not a marketplace: its orders are entered here, not pulled
console-shop-not-configured = { $platform } is not configured on this console: add [channels.{ $code }] to the config file
console-shop-configured-for-other = { $platform } is configured for shop { $configured }, not { $shop }
console-shops-not-set-up = marketplace shops are not set up in this console
console-buffer-saved = { $buffer ->
        [one] { $buffer } unit
       *[other] { $buffer } units
    } of each variant held back from this shop; its { $listings ->
        [one] { $listings } listing
       *[other] { $listings } listings
    } get the new figure with the next stock push
console-sync-pulled = { $platform }: pulled — { $report }
console-sync-failed = { $platform }: { $error } (what was pulled before it is kept)
console-shop-reconnected = { $platform }: reconnected — new tokens stored, good for { $lasting }
console-shop-tokens-dead = the stored tokens no longer work ({ $error })
console-shop-not-authorised = the shop has not been authorised yet
console-shop-authorised = { $platform }: authorised — new tokens stored, good for { $lasting }; s pulls its orders now
console-shop-code-rejected = { $error } — codes work once and briefly: consent again for a new one
console-shop-code-failed = { $error }; nothing was stored — try again

## Detail views: field labels (best at most 13 characters: the value starts at column 15)
console-field-status = Status
console-field-order = Order
console-field-channel = Channel
console-field-external-id = External id
console-field-source = Source
console-field-created = Created
console-field-updated = Updated
console-field-name = Name
console-field-phone = Phone
console-field-email = E-mail
console-field-ship-to = Ship to
console-field-subtotal = Subtotal
console-field-discount = Discount
console-field-shipping-fee = Shipping fee
console-field-total = Total
console-field-payment = Payment
console-field-category = Category
console-field-brand = Brand
console-field-vat-rate = VAT rate
console-field-attributes = Attributes
console-field-media = Media
console-field-address = Address
console-field-in-charge = In charge
console-field-state = State
console-field-skus-in-stock = SKUs in stock
console-field-units-on-hand = Units on hand
console-field-platform = Platform
console-field-shop-id = Shop id
console-field-active = Active
console-field-token = Token
console-field-last-sync = Last sync
console-field-listings = Listings
console-field-stock-buffer = Stock buffer
console-field-pending = Pending
console-field-orders-today = Orders today
console-field-provider = Provider
console-field-template = Template
console-field-buyer = Buyer
console-field-tax-code = Tax code
console-field-tax-authority-code = Tax auth. code
console-field-issued = Issued
console-field-before-vat = Before VAT
console-field-vat = VAT
console-field-supplier = Supplier
console-field-contact = Contact
console-field-lead-time = Lead time
console-field-warehouse = Warehouse
console-field-expected = Expected
console-field-open-pos = Open POs
console-field-carrier = Carrier
console-field-cod = COD
console-field-fee = Fee
console-field-weight = Weight
console-field-product = Product

## Detail views: headings and titles
console-heading-buyer = Buyer
console-heading-lines = Lines
console-heading-money = Money
console-heading-shipments = Shipments
console-heading-note = Note
console-heading-totals = Totals
console-order-title = Order { $number }
console-order-updated-value = { $time }   version { $version }
console-order-no-tracking-yet = (no tracking yet)
console-order-timeline = Timeline ({ $count } events)
console-po-title = Purchase order { $number }
console-supplier-title = Supplier { $name }
console-shipment-title = Shipment { $tracking }
console-shipment-no-tracking-yet = (no tracking number yet)
console-shipment-tracking = Tracking ({ $count } events)
console-invoice-title = Invoice { $number }
console-invoice-draft-number = (draft)
console-invoice-template-vat = VAT invoice
console-invoice-template-sales = sales invoice
console-warehouse-title = Warehouse { $code } — { $name }
console-shop-title = Shop { $code } — { $name }
console-shop-last-error = Last error
console-shop-problems = Orders not taken in ({ $count }; tried again on every pull)
console-shop-problems-more = … and { $count } more (orderdeck channels status)
console-shop-buffer-value = { $units ->
        [one] { $units } unit
       *[other] { $units } units
    } held back from the shop
console-shop-pending-value = { $changes ->
        [one] { $changes } stock change
       *[other] { $changes } stock changes
    } waiting to be pushed
console-product-variants = Variants ({ $count })
console-product-barcode = barcode { $barcode }
console-product-description = Description
console-product-specs = Specifications
console-stock-ledger-title = Ledger { $sku } @ { $warehouse }
console-stock-moves = Stock moves, newest first ({ $count })

## Table heads inside detail views (short: a column is as wide as its English head and a space)
console-col-sku = SKU
console-col-variant = Variant
console-col-cost = Cost
console-col-price = Price
console-col-margin = Margin
console-col-margin-pct = Marg%
console-col-stock = Stock
console-col-reserved = Resv
console-col-item = Item
console-col-product = Product
console-col-qty = Qty
console-col-unit-price = Unit price
console-col-vat = VAT
console-col-amount = Amount
console-col-vat-amount = VAT amt
console-col-received = Received
console-col-rejected = Rejected
console-col-when = When
console-col-balance = Balance
console-col-kind = Kind
console-col-reason = Reason

## List cells
console-prepaid = prepaid
console-payment-method-prepaid = PREPAID
console-never = never
console-stock-low = LOW
console-warehouse-active = active
console-warehouse-inactive = inactive
console-platform-website = Website
console-platform-manual = Manual
console-shipment-no-tracking-cell = (pending)
console-days = { $days } days
console-days-short = { $days }d
console-po-late = { $status } LATE
console-span-seconds = { $seconds }s
console-span-minutes = { $minutes }m
console-span-hours = { $hours }h { $minutes }m
console-span-days = { $days }d { $hours }h
console-span-in = in { $span }
console-span-ago = { $span } ago
console-token-not-connected = not connected
console-token-connected = connected
console-token-expired = expired
console-token-ends = ends { $span }
console-token-ok = ok, { $span }
console-token-until = { $state } (until { $until })
console-field-buyer-chat = Buyer chat
console-chat-connected = connected: buyers' messages come to the Inbox, replies go out as this shop
console-chat-connected-lazada = connected for replies only: Lazada's new-message push is not available to orderdeck, so new buyer messages do not arrive here
console-chat-note-shopee = not connected. Shopee grants seller chat only to "Customer Service" apps, which only third-party partners (ISV) can create; apply through Shopee, then set chat = true under [channels.shopee].
console-chat-note-lazada = not connected. Lazada IM needs an app of the IM category; apply through Lazada, then set chat = true under [channels.lazada]. Even then new-message push is not available to orderdeck: replies only.
console-chat-note-tiktok = not connected. Customer Service is a custom TikTok Shop API, inactive by default: apply through your Partner Manager or Account Manager (shop owner account only), then set chat = true under [channels.tiktok].

## A purchase order's status

## A parcel's status

## An e-invoice's status and kind
console-invoice-status-draft = draft
console-invoice-status-issuing = issuing
console-invoice-status-issued = issued
console-invoice-status-failed = failed
console-invoice-status-replaced = replaced
console-invoice-status-cancelled = cancelled
console-invoice-kind-original = original
console-invoice-kind-replacement = replacement
console-invoice-kind-adjustment = adjustment

## Whether an order is paid
console-payment-unpaid = unpaid
console-payment-paid = paid
console-payment-cod-pending = COD pending
console-payment-cod-received = COD received
console-payment-refunded = refunded
console-payment-partly-refunded = partly refunded

## Why stock moved
console-move-opening = opening
console-move-receipt = receipt
console-move-shipment = shipment
console-move-return = return
console-move-write-off = write-off
console-move-count = count
console-move-adjustment = adjustment
console-move-transfer = transfer

## Marketplace fulfilment (issue 16)
console-handover-title = Ship { $number } with { $platform }
console-handover-note = { $platform } arranges the carrier: pick how the parcel is handed over. Enter arranges it, Esc goes back.
console-handover-note-ship-by = { $platform } arranges the carrier; ship by { $ship_by }. Pick how the parcel is handed over: Enter arranges it, Esc goes back.
console-handover-pickup = Pickup { $slot } · { $address }
console-handover-pickup-any = Pickup at { $address }
console-handover-recommended = {" "}(recommended)
console-handover-dropoff = Drop off at { $branch }
console-handover-dropoff-any = Drop off at a counter of the carrier
console-handover-platform = { $platform } picks the carrier
console-handover-provider = Carrier: { $provider }
console-tracking-pending = (number coming)
console-arranged = { $number } arranged with { $platform }: { $carrier }, tracking { $tracking }
console-awb-later = ; the airway bill is being made — L prints it when it is ready
console-awb-sent = airway bill sent to { $command } ({ $path })
console-awb-not-ready = the airway bill of { $key } is not ready yet; try L again in a moment
console-mark-first = mark the orders first (Space)
console-arranging-many = arranging with { $platform }
console-arranged-many = { $arranged } of { $total } orders arranged with { $platform }
console-bulk-line-ok = { $number }: tracking { $tracking }
console-cancel-request-accepted = { $number }: the buyer's cancellation accepted; the order is cancelled and its stock released
console-cancel-request-accepted-late = { $number }: the buyer's cancellation accepted on the platform
console-cancel-request-rejected = { $number }: the buyer's cancellation rejected; packing goes on
console-handover-shop-address = the shop's pickup address
console-awb-some-later = ; { $count } airway bills are still being made (L prints each when ready)
console-handover-ourselves = Ship it ourselves (GHN / Viettel Post); the tracking number is told to { $platform }
console-tracking-reported = the tracking number was told to { $platform }
console-tracking-not-reported = { $platform } was not told the tracking number: { $error }

## lead (stations)
console-ship-by-rule = ; carrier by shipping rule { $rule }
console-station-own = { $number }: { $carrier } { $service }, { $kg } kg, fee { $fee }; the buyer hands over { $at_door }
console-station-platform = { $number }: { $way }
console-station-no-way = No way to ship { $number } was found
## cancel
console-cancelling-many = Cancelling orders
console-cancelled-many = { $cancelled } of { $total } orders cancelled ({ $numbers })
console-cancel-invoice-adjusted = cancelled { $number }; invoice { $invoice } adjusted to zero by { $adjustment }
console-cancel-invoice-owed = cancelled { $number }, but invoice { $invoice } still stands: its adjustment was not issued ({ $why }). Press x on { $number } again to issue it
console-field-cancel-reason = Cancelled for
console-field-cancel-invoice = Invoice
console-cancel-page-adjusted = { $invoice } adjusted to zero by { $adjustment }
console-cancel-page-owed = { $invoice } STILL STANDS: its adjustment is not issued ({ $why }); press x to issue it
console-cancel-page-not-sent = not sent yet
## many
console-label-format-bad = label_format = "{ $given }" in [shipping] is neither pdf nor zpl; set one of them
console-labels-many-progress = Printing labels
console-labels-line-ok = { $number }: label { $tracking }
console-labels-line-failed = { $number }: { $error }
console-labels-not-shipped = { $number }: not shipped yet, so no label (ship it first)
console-labels-no-tracking = { $number }: its carrier has not given a tracking number yet; no label
console-labels-awb-not-zpl = { $number }: left out; { $platform }'s airway bill comes as a PDF only, and this printer takes ZPL (print it with L)
console-labels-awb-not-ready = { $number }: { $platform } has not made its airway bill yet; press L on it in a moment
console-labels-many-none = none of the { $total } orders had a label to print; no file was written
console-labels-many-sent = { $count } of { $total } labels in one file, sent to `{ $command }` ({ $path })
console-labels-many-print-failed = { $count } of { $total } labels saved in one file, { $path } — printing failed: { $error }
console-pick-line-ok = { $number }: { $units ->
        [one] { $units } unit
       *[other] { $units } units
    } on the list
console-pick-line-partly = { $number }: { $units } of { $ordered } units on the list (the rest is not in stock yet)
console-pick-skip-unknown = { $number }: no such order; left out
console-pick-skip-packed = { $number }: packed already; left out
console-pick-skip-shipped = { $number }: shipped already; left out
console-pick-skip-cancelled = { $number }: cancelled; left out
console-pick-skip-not-reserved = { $number }: not reserved yet; left out
console-pick-none = none of the { $total } orders has anything to pick; no pick list was made
console-pick-title = Pick list
console-pick-made = Made { $at }
console-pick-orders = { $count ->
        [one] { $count } order
       *[other] { $count } orders
    }: { $numbers }
console-pick-col-warehouse = Warehouse
console-pick-col-bin = Bin
console-pick-col-sku = SKU
console-pick-col-item = Item
console-pick-col-qty = Qty
console-pick-col-picked = Picked
console-pick-total = { $units } units in { $rows } rows
console-pick-page = page { $page }/{ $pages }
console-pick-sent = pick list of { $orders } orders ({ $units } units) sent to `{ $command }` ({ $path })
console-pick-print-failed = pick list of { $orders } orders saved to { $path } — printing failed: { $error }
console-pick-skip-awaiting-stock = { $number }: waiting for stock, nothing reserved yet; left out
console-labels-cancelled = { $number }: cancelled, so no label
console-shipping-many = Shipping the marked orders
console-shipped-line = { $number }: shipped, tracking { $tracking }
console-shipped-many = { $shipped } of { $total } orders shipped
console-pack-resumed = back to { $number }: its scans are kept — scan the rest

## lead (storefronts)
console-hooks-refused = { $count } webhook(s) refused today
console-hooks-last = webhook { $span }
console-hooks-none = no webhook yet
console-hooks-detail = { $count } in 24 h; last { $last }
console-field-webhook-path = Webhook address
console-field-webhooks = Webhooks
console-storefront-not-configured = no `[storefronts.{ $code }]` in this console's config: add the shop's platform, keys and webhook secret there
console-storefront-read = { $platform }: { $listings } variants read, { $matched } matched to ours by SKU (orders come by webhook)
console-storefront-no-consent = { $platform } uses the admin keys in the config: there is nothing to authorise here
console-inbox-person-prefix = Person: 
console-inbox-needs-person = Needs a person
console-inbox-draft = Draft waiting
console-inbox-waiting = Waiting
console-inbox-assistant = Assistant
console-chat-web = Website
console-chat-buyer-unnamed = (no name)
console-chat-title = { $buyer } on { $channel }
console-field-answered-by = Answered by
console-chat-thread = Messages
console-chat-buyer = Buyer
console-chat-assistant = Assistant
console-chat-assistant-model = Assistant (language model)
console-chat-failed = not delivered: { $reason }
console-chat-order-made = order { $number } placed
console-chat-draft = Drafts (s sends the first, r edits it)
console-chat-no-draft = (no draft waiting)
console-chat-orders = Their orders
console-chat-no-phone = (no phone known: the buyer's orders cannot be shown)
console-chat-no-orders = (no orders on this phone)
console-chat-sent = Sent to the buyer.
console-chat-gone = That conversation is no longer there.
console-chat-taken = You have this conversation now: the assistant will not answer it.
console-chat-handed-back = Handed back: the assistant answers this conversation again.
console-chat-facts = stated: { $facts }
console-fact-order = order
console-fact-status = status
console-fact-tracking = tracking
console-fact-product = product
console-fact-price = price
console-fact-available = available
