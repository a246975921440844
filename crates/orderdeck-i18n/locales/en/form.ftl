# The console's forms, pickers, stations and messages.

## The console: messages on the message line
form-scan-placeholder = scan a barcode or type a SKU, then Enter
form-row-gone = that row no longer exists
form-no-such-order = no order numbered { $number }
form-db-restored = database connection restored
form-db-restored-reconnecting = database connection restored; live updates reconnecting
form-db-restored-refreshed = database connection restored; screens refreshed
form-nothing-done = nothing done
form-key-works-in = { $key } ({ $action }) works in { $pane } ({ $number })
form-key-does-nothing = `{ $key }` does nothing here — press { $help } for all keys
form-key-does-nothing-in = { $key } ({ $action }) does nothing in { $pane }
form-nothing-to-filter = nothing to filter here

## Fields
form-field-too-long = { $field } takes at most { $limit } characters
form-paste-cut = paste cut to { $limit } characters

## Stock count station
form-count-started = stock count { $count } started for { $warehouse }: scan every unit on the shelves
form-counted = { $sku }: { $counted } counted

## Forms: saving, closing
form-confirm-deactivate-warehouse = Deactivate warehouse { $code }? { "{yes}" } = yes
form-closed-unsaved = closed without saving
form-note-empty = write something
form-saving = saving…
form-not-saved = not saved: fix the fields marked in red
form-known-customer = known customer { $name }: details filled in

## Invoices and returns
form-confirm-email-invoice = E-mail the invoice of { $number } to the buyer? { "{yes}" } = send
form-not-issued = not issued: fix the fields marked in red
form-confirm-issue-vat = Issue the VAT invoice of { $number } ({ $total }) with { $provider }? It is final. { "{yes}" } = issue
form-confirm-issue-sales = Issue the sales invoice of { $number } ({ $total }) with { $provider }? It is final. { "{yes}" } = issue
form-return-refund = , refund { $amount } by { $method }
form-return-exchange-same = , exchange for the same items
form-return-exchange-lines = , exchange for { $count ->
        [one] { $count } line
       *[other] { $count } lines
    }
form-confirm-return = Receive the return of { $number }: { $good } good, { $damaged } damaged{ $refund }{ $exchange }? { "{yes}" } = yes, any other key = no
form-not-replaced = not replaced: fix the fields marked in red
form-replace-unchanged = { $issued } already says this: change a buyer field to replace it
form-confirm-replace = Replace invoice { $issued } of { $number } with the buyer corrected? { "{yes}" } = issue the replacement

## Shipping: parcels, the ward, the fee
form-select-parcel = select a parcel in the Shipments or Exceptions list (Tab)
form-no-tracking-yet = this shipment has no tracking number yet
form-confirm-parcel = { $question } { $tracking }? { "{yes}" } = yes, any other key = no
form-parcel-note-title = Note on { $tracking }
form-parcel-note-text = Note
form-parcel-note-note = { "{save}" } adds it to the order's timeline
form-ship-place-fix-address = { $said } — fix the order's address ({ "{edit}" } on the order)
form-ship-ward-title = Deliver { $number } to which ward?
form-ship-ward-note = { $said }. Pick the ward; the fee is asked next
form-ship-asking-fee = { $ward }: asking the carrier for the fee…

## Marketplace shops
form-shop-not-pulled = { $platform } orders are entered here, not pulled: pick a Shopee, Lazada or TikTok shop
form-select-shop = select a shop first
form-shop-pulling-already = { $platform } is being pulled already
form-shop-reconnecting = { $platform }: reconnecting …
form-link-copied = link copied to the clipboard (if your terminal allows it; else select it on screen)
form-no-link = no link to copy: it is in Partner Center
form-buffer-title = Stock buffer — { $shop }
form-buffer-units = Units
form-buffer-units-hint = 0 or more
form-buffer-note = Each of its { $listings ->
        [one] { $listings } listing
       *[other] { $listings } listings
    } shows what we have available minus this many units (never below 0), so a sale elsewhere cannot oversell it. { "{save}" } saves.

## Pack station
form-pack-scan-an-item = scan an item (or Esc to give the order back)
form-pack-already-packed = { $number } is already packed: press Enter with nothing typed for the next order
form-pack-none-claimed = no order claimed: press Enter to claim the next one

## Stock count
form-count-select-row = select a row of the warehouse to count
form-count-left = left the stock count; it stays open, nothing was posted
form-confirm-post-count = Post stock count { $count } as ledger adjustments? { "{yes}" } = yes

## Forms: what saving does
form-save-saves = { "{save}" } saves

## Products
form-product-new-title = New product
form-product-edit-title = Edit { $name }
form-product-name = Name
form-product-category = Category
form-product-brand = Brand
form-product-vat = VAT rate
form-product-vat-hint = 0, 5, 8, 10, KCT or KKKNT
form-product-variants = Variants
form-product-variants-hint = up to 3 lines like  Màu: Đỏ, Xanh  — one variant per combination
form-product-sku-prefix = SKU prefix
form-product-sku-prefix-hint = variants get PREFIX-1, PREFIX-2 …
form-product-cost = Cost price
form-product-price = Selling price
form-product-opening = Opening stock
form-product-opening-hint = per variant: HN=10, HCM=5
form-product-media = Media links
form-product-media-hint = image or video URLs, one per line
form-product-description = Description
form-product-specs = Specifications
form-product-new-note = { "{save}" } saves; margin = selling price − cost
form-product-prices = Prices
form-product-prices-hint = SKU cost selling reorder-point, one variant per line
form-product-prices-bad-line = `{ $line }`: write SKU cost selling reorder-point

## Suppliers
form-supplier-new-title = New supplier
form-supplier-edit-title = Edit supplier { $name }
form-supplier-name = Name
form-supplier-contact = Contact
form-supplier-phone = Phone
form-supplier-tax-code = Tax code
form-supplier-tax-code-hint = 10 digits, or 0123456789-001
form-supplier-lead-time = Lead time
form-supplier-lead-time-hint = days

## Purchase orders and goods receipts
form-po-new-title = New purchase order
form-po-supplier = Supplier
form-po-supplier-hint = the supplier's name
form-po-warehouse = Warehouse
form-po-warehouse-hint = code of the warehouse receiving it
form-po-expected = Expected
form-po-expected-hint = YYYY-MM-DD; empty: today + the supplier's lead time
form-po-lines = Lines
form-po-lines-hint = SKU qty [price], one per line; the price defaults to the last paid
form-po-new-note = { "{save}" } saves a draft
form-receipt-title = Goods receipt for { $number }
form-receipt-lines = Received
form-receipt-lines-hint = SKU accepted rejected [reason], one per line
form-receipt-note = edit what actually arrived; rejected units need a reason; { "{save}" } posts it to stock
form-receipt-whole-numbers = line { $line }: quantities must be whole numbers
form-receipt-bad-line = line { $line }: write SKU accepted rejected [reason]

## Warehouses
form-warehouse-new-title = New warehouse
form-warehouse-edit-title = Edit warehouse { $code }
form-warehouse-code = Code
form-warehouse-code-hint = HN, HCM, DN-2 …
form-warehouse-name = Name
form-warehouse-address = Address
form-warehouse-manager = In charge
form-warehouse-manager-hint = the person in charge

## Orders: the new-order and edit forms
form-order-new-title = New order
form-order-edit-title = Edit { $number } (version { $version })
form-order-phone = Phone
form-order-phone-hint = the buyer's phone: a known customer fills in by itself
form-order-name = Buyer name
form-order-email = E-mail
form-optional = optional
form-order-address = Address
form-order-address-hint = house number and street
form-order-ward = Ward
form-order-district = District
form-order-province = Province
form-order-items = Items
form-order-items-hint = SKU, barcode or name, qty, price — one per line
form-order-edit-items-hint = SKU qty price, one per line
form-order-shipping-fee = Shipping fee
form-order-discount = Discount
form-order-payment = Payment
form-order-payment-hint = cod or prepaid
form-order-source = Source
form-order-source-hint = phone, facebook, zalo or other
form-order-note = Note
form-order-new-note = { "{save}" } saves; stock is checked and reserved at once
form-order-edit-note = { $status } · { $channel } · { "{save}" } saves; stock is re-checked
form-item-no-code = type a SKU, barcode or name
form-item-not-qty = `{ $text }` is not a quantity
form-item-qty-range = quantity { $qty } is out of range
form-item-not-price = `{ $text }` is not a price
form-not-amount = `{ $text }` is not an amount
form-line-error = line { $line }: { $error }

## The invoice preview form
form-invoice-title = Invoice of { $number } — { $template } ({ $symbol })
form-invoice-provider = Provider
form-invoice-provider-hint = sinvoice or misa
form-invoice-provider-unknown = sinvoice (Viettel S-Invoice) or misa (MISA meInvoice)
form-invoice-company = Company
form-invoice-company-hint = buying company (blank: a person)
form-invoice-tax-code = Tax code
form-invoice-tax-code-hint = MST: 10 digits, or 0123456789-001
form-invoice-address = Address
form-invoice-address-hint = the company's registered address
form-invoice-email = Email
form-invoice-email-hint = where the invoice is sent
form-invoice-buyer-name = Buyer name
form-invoice-buyer-name-hint = the person buying
form-invoice-issued-note = issued as { $issued }, never edited: correct the buyer and { "{save}" } issues a replacement · { "{pdf}" } PDF · P in Invoices saves the issued one
form-invoice-note = { "{save}" } issues · { "{pdf}" } A4 PDF · { "{template}" } VAT/sales · PgUp/PgDn scroll · Esc closes
form-invoice-preview-title = Preview — as it will be issued
form-invoice-preview-issued-title = issued as { $issued } — preview of what it would say now

## The return form
form-return-title = Return of { $number }
form-return-lines = Lines
form-return-lines-hint = SKU:QTY:good or SKU:QTY:damaged, one per line
form-return-reason = Reason
form-return-reason-hint = why it came back
form-return-warehouse = Warehouse
form-return-warehouse-hint = code; blank = where it shipped from
form-return-refund-amount = Refund
form-return-refund-amount-hint = đồng; blank = no refund
form-return-method = Refund by
form-return-method-hint = cash, transfer or channel
form-return-reference = Reference
form-return-reference-hint = bank or channel reference
form-return-exchange = Exchange
form-return-exchange-hint = no, same, or SKU:QTY, SKU:QTY
form-return-note = Every returnable unit is listed: keep the lines that came back, mark damaged ones. { "{save}" } asks before anything is changed
form-return-no-lines = at least one line comes back
form-return-no-reason = give the reason
form-return-bad-refund = an amount in đồng above 0

## The ship form
form-ship-title = Ship { $number }
form-ship-carrier = Carrier
form-ship-carrier-hint = ghn or viettelpost
form-ship-service = Service
form-ship-service-hint = express or economy
form-ship-weight = Weight
form-ship-weight-hint = kg
form-ship-size = Size
form-ship-size-hint = L×W×H cm
form-ship-cod = COD
form-ship-cod-hint = đồng the buyer hands over, shipping included
form-ship-payer = Shipping paid by
form-ship-payer-hint = seller or buyer
form-ship-note = Buyer may
form-ship-note-hint = may_try, may_look or may_not_look
form-ship-ward = Deliver to
form-ship-ward-hint = found from the address; a ward is picked here when it is unclear
form-ship-form-note = COD: { $cod }. { "{save}" } asks the carrier for the fee; you confirm before anything is sent
form-ship-bad-weight = a weight in kg, more than 0 and at most 50
form-ship-bad-size = L×W×H in cm, each 1–150, like 30x20x10
form-ship-bad-cod = an amount in đồng, not negative
form-ship-check-fields = check the fields

## Pulling a shop's orders; reconnecting a shop
form-sync-said = { $platform } · page { $pages } · { $fetched ->
        [one] { $fetched } order
       *[other] { $fetched } orders
    } read, { $created } new
form-sync-updated = , { $count } updated
form-sync-problems = , { $count } not taken in
form-consent-title = Reconnect { $platform }
form-consent-code = Code
form-consent-code-hint = the address you were sent back to, or just its code
form-consent-steps =
    { $platform }: { $why }.
    1. Open this link in a browser and approve as the seller ({ "{copy_link}" } copies it):
    { $link }
    2. Paste the address the browser lands on (or only its code) below; { "{save}" } authorises. The code works once, for a few minutes.
form-consent-steps-no-link =
    { $platform }: { $why }.
    1. In Partner Center, open your app's authorisation link and approve as the seller (put the link in the config as authorize_url to see it here).
    2. Paste the address you are sent back to (or only its code) below; { "{save}" } authorises.

## Pick lists
form-picker-title = { $title } — { $shown } of { $total } · Enter picks · Esc back
form-picker-filter = Filter:
form-picker-no-match = nothing matches the filter

## Lists and detail pages
form-list-filter = filter: { $filter }
form-list-loading = loading…
form-list-above = ▲ { $count } above
form-list-above-more = ▲ { $count }+ above
form-list-more-above = ▲ more
form-list-more-below = ▼ more
form-list-empty = nothing here yet
form-list-no-match = no rows match the filter
form-detail-position = { $back } back · { $at }/{ $total }

## Marketplace fulfilment (issue 16)
form-arranging = asking the platform to arrange { $number }: { $how }…
form-marked = { $count } marked
form-arranging-many = arranging the marked orders

## lead (stations)
form-pack-left-kept = Left the pack station; { $number } stays yours with its { $scanned } scans: p comes back to it
form-pack-ship-step-failed = Cannot fill the ship step: { $error } — Tab opens the ship form
form-pack-ship-failed = Not shipped: { $error } — Enter tries again, Tab opens the ship form
form-scan-looking = Scanned { $code }: looking it up…
form-scan-unknown = Scanned { $code }: no order, parcel or product has that code
form-scan-unreadable = The scan could not be read: scan it again
## cancel
form-cancel-title = Cancel order { $number }
form-cancel-title-many = Cancel { $count } orders
form-cancel-reason = Reason
form-cancel-note = Note
form-cancel-note-hint = your words; required for "other"
form-cancelling = Cancelling…
form-cancelling-many = Cancelling orders
form-cancel-invoice-issued = VAT invoice { $invoice } is issued: cancelling issues an adjustment invoice that brings it to zero (Decree 123/2020 art. 19, as amended by Decree 70/2025).
form-cancel-invoices-issued = { $count } of these orders have an issued VAT invoice ({ $invoices }): each is brought to zero by an adjustment invoice (Decree 123/2020 art. 19, as amended by Decree 70/2025).
form-cancel-some-refused = { $count } cannot be cancelled and stay as they are: { $why }.
form-cancel-keys = ↑/↓ or 1–6 choose the reason, Enter goes to the note; Enter on the note or { "{save}" } cancels; Esc leaves.
form-select-or-mark = Select an order, or mark some with Space
form-working-many = Working through the orders
form-copied = Copied { $text }
form-copy-title = Copy which field?
form-copy-note = Enter copies it to the clipboard (over SSH too)
form-nothing-to-copy = Nothing selected to copy
form-pack-packed = { $number } is packed ✓
form-return-refundable = A refund may be up to { $amount }.

## lead (storefronts)
form-storefront-reading = reading the { $platform } shop's variants …
form-select-conversation = Select a conversation first.
form-reply-empty = Write something to send.
form-reply-title = Reply to { $buyer }
form-reply-text = Reply
form-reply-hint = sent as you write it
form-reply-note = Ctrl-s sends it to the buyer; Esc closes without sending.
