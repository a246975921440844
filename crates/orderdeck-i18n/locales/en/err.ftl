# Fields of a form: what a value lacks (shown after the field's name)
err-required = is required
err-not-an-amount = `{ $value }` is not an amount
err-longer-than = longer than { $max } characters
err-control-character = contains a control character ({ $character }): type text only
err-cannot-be-negative = cannot be negative
err-implausibly-large = is implausibly large
err-more-than-2-decimals = has more than 2 decimals
err-external-id-empty = is empty (leave it out instead)
err-order-source = must be phone, facebook, zalo or other
err-phone-not-vietnamese = `{ $phone }` is not a Vietnamese phone number (10 digits starting with 0, or +84…)
err-not-an-email = is not an e-mail address
err-payment-cod-or-prepaid = must be cod or prepaid
err-order-no-lines = an order needs at least one line
err-order-too-many-lines = more than { $max } lines
err-qty-at-least-1 = must be at least 1
err-qty-more-than = more than { $max }
err-line-discounts-exceed = line discounts exceed the line amounts
err-discount-over-goods-total = discount { $discount } is more than the goods total { $subtotal }
err-attribute-shape = `{ $line }`: write it as Name: value, value
err-attribute-empty = `{ $line }`: a name and at least one value
err-opening-shape = `{ $part }`: write WAREHOUSE=units
err-opening-units = `{ $part }`: units must be a whole number from 0
err-length-1-300 = 1–300 characters
err-length-1-200 = 1–200 characters
err-at-most-chars = at most { $max } characters
err-vat-rate-choices = 0, 5, 8, 10, KCT or KKKNT
err-attributes-at-most-three = at most three attributes (for example colour, size, material)
err-too-many-variants = { $count } combinations: at most 200 variants per product
err-sku-prefix = letters, digits, - or _ (variants get PREFIX-1, PREFIX-2 …)
err-not-a-link = `{ $url }` is not an http(s) link
err-buffer-empty = type how many units to hold back (0 for none)
err-buffer-negative = a buffer cannot be negative
err-buffer-too-large = at most 100000 units
err-buffer-not-whole = `{ $value }` is not a whole number of units
err-warehouse-code = 1–16 capital letters, digits, - or _ (for example HN, HCM-2)
err-utc-offset = utc_offset `{ $value }` is not an offset such as "+07:00"
err-return-line-shape = `{ $line }`: write a returned line as SKU:QTY:good or SKU:QTY:damaged
err-exchange-line-shape = `{ $line }`: write an exchanged line as SKU:QTY
err-line-qty-whole = `{ $line }`: the quantity must be a whole number above 0
err-return-condition = `{ $line }`: the condition is good or damaged, not `{ $condition }`
err-line-no-sku = `{ $line }`: no SKU
err-decimal-mark-disagrees = the amounts disagree on the decimal mark (`{ $first }` and `{ $second }`): say which with --decimal comma (1.250.000,00) or --decimal point (1,250,000.00)
err-is-empty = is empty
err-amount-thousands-groups = `{ $value }`: `{ $mark }` separates thousands here, in groups of three digits
err-amount-negative = `{ $value }` is negative
err-amount-fraction-of-dong = `{ $value }` has a fraction of a đồng (read with `{ $mark }` as the decimal mark): amounts are whole đồng
err-amount-implausibly-large = `{ $value }` is implausibly large

# An invoice's buyer
err-invoice-kind-vat = a VAT invoice
err-invoice-kind-sales = a sales invoice
err-buyer-company-required = is required when a tax code is given (the invoice names the company the tax code belongs to)
err-buyer-tax-code-required = is required: { $kind } for a company must carry its tax code (MST)
err-buyer-address-required = is required: { $kind } for a company must carry its address
err-buyer-name-required = is required: { $kind } needs a buyer, a person's name or a company with its tax code
err-too-long-limit = is { $length } characters long; the limit is { $max }
err-control-characters = contains control characters (line breaks, tabs)
err-tax-code-zero-sequence = digits 3–9 of a tax code cannot all be zero
err-tax-code-zero-branch-range = branch 000 is not a branch: branches run from 001 to 999
err-tax-code-check-digit-should-be = the check digit (10th digit) should be { $expected }, not { $actual }: check for a mistyped digit
err-tax-code-impossible-start = no tax code can start with { $start }: its check digit would be 10
err-tax-code-contains = contains `{ $character }`; a tax code is 10 digits, or 10 digits, a dash and a 3-digit branch (0123456789-001)
err-tax-code-13-digits = has 13 digits without a dash; write the branch after a dash: { $written }
err-tax-code-digit-count = has { $count } digits; a tax code is 10 digits, or 10 digits, a dash and a 3-digit branch (0123456789-001)
err-tax-code-digits-before-dash = has { $count } digits before the dash; it needs 10
err-tax-code-branch-digits = the branch after the dash has { $count } digits; it needs 3 (001–999)
err-tax-code-dashes = has more than one dash; a tax code is 10 digits, or 10 digits, a dash and a 3-digit branch (0123456789-001)
err-email-one-only = give one address only (MISA takes a single address)
err-email-spaces = an e-mail address cannot contain spaces
err-email-no-at = `{ $email }` has no @; an e-mail address looks like an@example.vn
err-email-two-at = an e-mail address has exactly one @
err-email-nothing-before-at = nothing before the @; an e-mail address looks like an@example.vn
err-email-domain = `{ $domain }` after the @ is not a domain such as example.vn

# Tax codes, VAT rates, invoice symbols and lines
err-tax-code-shape = a tax code has 10 digits, or 10 digits, a dash and a 3-digit branch (0123456789-001)
err-tax-code-check-digit = the check digit (10th) of tax code { $code } is wrong
err-tax-code-zero-branch = branch 000 is not a branch
err-unknown-order-status = unknown order status `{ $status }`
err-words-negative = an amount in words cannot be negative ({ $amount })
err-words-fraction = an amount in words must be whole đồng ({ $amount } has a fraction)
err-words-too-large = { $amount } is too large to write in words
err-vat-rate-unknown = `{ $rate }` is not a VAT rate: use 0, 5, 8, 10, KCT or KKKNT
err-vat-rate-other = other rates (`{ $rate }`, MISA's KHAC:x%) are not supported: use 0, 5, 8, 10, KCT or KKKNT
err-invoice-line-qty = the quantity must be at least 1, not { $qty }
err-invoice-line-negative-price = the unit price cannot be negative ({ $price })
err-invoice-line-overflow = the amount is too large to compute
err-invoice-no-lines = an invoice needs at least one line
err-invoice-line = line { $line }: { $error }
err-invoice-total-overflow = the invoice total is too large to compute
err-symbol-length = an invoice symbol has 7 characters (template number, C or K, 2-digit year, form letter, 2 letters, e.g. 1C26TAA); `{ $symbol }` has { $count }
err-symbol-template = the 1st character is the template number, 1 (VAT invoice) or 2 (sales invoice), not `{ $character }`
err-symbol-other-template = template { $template } ({ $meaning }) is not one orderdeck issues: use 1 (VAT invoice) or 2 (sales invoice)
err-symbol-code-letter = the 2nd character is C (with tax-authority code) or K (without code), not `{ $character }`
err-symbol-year = characters 3–4 are the last two digits of the year of issue, not `{ $year }`
err-symbol-form = the 5th character is the invoice form (T, D, L, M, N, B, G or H), not `{ $character }`
err-symbol-form-template = form { $form } ({ $meaning }) belongs to template { $needs }, not to template { $template }
err-symbol-letters = the last two characters are the seller's own capital letters A–Z, not `{ $letters }`
err-symbol-year-range = year { $year } cannot go into an invoice symbol (2000–2099)
err-symbol-wrong-year = the symbol is for { $symbol }, but the invoice is issued in { $issued }

# Addresses a carrier's list of places cannot settle
err-place-within = {" "}in { $place }
err-place-written-unlike = the { $level } "{ $written }"{ $within } is written unlike { $listed }: confirm it
err-place-fits-many = the { $level } "{ $written }"{ $within } fits { $count } places
err-place-missing = the address has no { $level }{ $within }
err-place-none = there is no { $level } "{ $written }"{ $within }
err-level-province = province
err-level-district = district
err-level-ward = ward

# Roles and what each may do
err-unknown-role = unknown role { $role }: packer, support, manager or admin
err-role-may-not = your role ({ $role }) may not { $what }: { $least } and above
err-duty-pack = pack and ship
err-duty-receive-goods = receive goods
err-duty-edit-orders = create, edit or cancel orders
err-duty-handle-parcels = handle delivery exceptions
err-duty-invoice = issue or replace invoices
err-duty-refund = take returns or refund
err-duty-draft-purchases = draft purchase orders
err-duty-purchase = confirm or cancel purchase orders
err-duty-adjust-stock = count or adjust stock
err-duty-reconcile-cod = reconcile COD money
err-duty-edit-catalog = change products, warehouses or suppliers
err-duty-channels = manage marketplace shops
err-duty-people = manage people and roles
err-duty-answer-buyers = answer buyers' messages

# Orders: finding, editing, cancelling
err-no-order = no order { $number }
err-order-conflict = order { $number } was changed by { $by } since you opened it (version { $yours } → { $current }); nothing was saved — the order has been reloaded, make your change again
err-order-wrong-state = order { $number } is { $status }: { $what } is not possible any more
err-what-cancelling = cancelling
err-what-this-edit = this edit
err-someone = someone
err-must-be-1-200-chars = must be 1–200 characters
err-phone-not-vietnamese-short = `{ $phone }` is not a Vietnamese phone number
err-order-edit-no-lines = an order needs at least one line (cancel it instead)
err-qty-range = must be 1–{ $max }
err-unknown-sku = unknown SKU `{ $sku }`

# Packing
err-pack-scan-something = scan a barcode or type a SKU
err-pack-order-gone = that order no longer exists
err-pack-already-packed = order { $number } is already packed
err-pack-packed-by-other = order { $number } is being packed by { $station }
err-pack-not-here = order { $number } is { $status }, not being packed here
err-pack-not-in-order = `{ $code }` is not in order { $number }: put it back
err-pack-one-too-many = one too many { $sku }: order { $number } needs { $qty }

# Stock counts
err-no-active-warehouse = no active warehouse { $warehouse }
err-count-nothing = nothing to count there
err-count-qty-range = a quantity between -10000 and 10000, not 0
err-count-not-in-count = `{ $code }` is not in this count (or the count is closed, or it would go below zero)
err-no-stock-count = no stock count { $count }
err-stock-count-status = stock count { $count } is { $status }
err-count-below-reserved = { $sku } counted { $counted } but { $reserved } reserved
err-count-not-posted = not posted: { $lines }

# Shipping
err-ship-not-packed = order { $number } is { $status }: only a packed order can be shipped
err-ship-already-shipped = order { $number } already has shipment { $tracking } with { $carrier }
err-ship-unsure = { $carrier } did not answer clearly ({ $cause }); the shipment is kept as pending under { $code }: run the same command again — it looks the parcel up first and never makes a second one
err-ship-held = { $cause }; an earlier attempt's fate is still unknown, so the shipment stays pending under { $code }: run the same command again — it looks the parcel up first and never makes a second one
err-ship-place = { $carrier } cannot take the receiver's address ("{ $written }"): { $problem }; nothing was sent
err-ship-no-lines = order { $number } has no lines: nothing to ship
err-ship-weight = the weight must be between 1 g and 50 kg (got { $weight } g)
err-ship-size = each side must be between 1 and 150 cm (got { $size })
err-ship-receiver-incomplete = order { $number } lacks the receiver's name, phone or street address
err-ship-sender-not-set = the sender is not set: put name, phone and address under [shipping.sender] in the config file
err-ship-no-such-ward = { $carrier } has no ward { $ward } in its list of places
err-quantity-too-large = quantity too large

# Returns and refunds
err-return-no-lines = a return needs at least one line
err-return-reason = give the reason for the return (at most 500 characters)
err-sku-not-in-order = { $sku } is not in order { $number }
err-return-too-many = { $sku }: { $want } asked back, but only { $left } of { $qty } delivered { $left ->
            [one] is
           *[other] are
        } not returned yet
err-refund-not-positive = a refund must be more than 0
err-refund-method = refund method `{ $method }`: use cash, transfer or channel
err-refund-too-much = a refund of { $amount } is more than was paid and not yet refunded ({ $left })
err-exchange-no-lines = an exchange needs at least one line
err-exchange-no-manual-channel = an exchange order is a manual order, and no active manual channel exists
err-return-not-delivered = order { $number } is { $status }: only delivered goods can be returned
err-return-all-back = everything of order { $number } has come back already

# Purchase orders and receiving goods
err-po-no-warehouse = no active warehouse to receive into
err-no-po = no purchase order { $number }
err-po-confirm-not-draft = { $number } is { $status }; only a draft can be confirmed
err-po-cannot-cancel = { $number } is { $status }: it cannot be cancelled
err-po-confirm-first = { $number } is { $status }: confirm it before receiving
err-po-sku-not-on = { $sku } is not on { $number }
err-po-negative-qty = { $sku }: quantities cannot be negative
err-po-too-many-received = { $sku }: { $received } received but only { $expected } still expected
err-po-say-why-rejected = { $sku }: say why { $rejected } were rejected
err-po-nothing-to-receive = nothing to receive

# ---- store, app services and provider adapters ----

# The database and the embedded server
err-database = database: { $detail }
err-migrations = migrations: { $detail }
err-embedded = embedded PostgreSQL: { $detail }
err-schema-too-new = the database schema is at version { $found }, newer than this orderdeck knows ({ $known }); upgrade orderdeck before using this database (nothing was changed)
err-needs-migrating = the database schema is at version { $found } and this orderdeck needs { $known }: the database's owner (an admin) runs `orderdeck migrate` once; nothing was changed
err-bad-database-url = invalid database URL { $url }: { $message }
err-database-unreachable = cannot reach the database at { $url }: { $reason }
err-embedded-task-failed = embedded start-up task failed: { $error }
err-no-answer-10s = no answer within 10 s
err-pg-binaries-not-found = PostgreSQL server programs (initdb, pg_ctl, postgres) were not found in pg_config's bindir, on PATH or in /usr/lib/postgresql/*/bin. Install them (Debian/Ubuntu: `apt-get install postgresql`; Fedora: `dnf install postgresql-server`; macOS: `brew install postgresql`) or point orderdeck at a server with --database-url
err-command-failed = { $what } failed: { $detail }
err-no-service-user = running as root, but no unprivileged user (orderdeck, postgres or nobody) exists to run PostgreSQL
err-embedded-not-ready = the embedded PostgreSQL did not become ready within { $within }; see { $log }
err-with-server-log =
    { $detail }
    server log: { $log }

# E-invoices: drafting, issuing, PDFs, corrections
err-invoice-cannot-be-made =
    the invoice cannot be made:
    { $problems }
err-invoicing-symbol = invoicing symbol `{ $symbol }`: { $error }
err-invoice-cannot-be-issued =
    the invoice for order { $order } cannot be issued:
    { $problems }
err-invoice-already-issued = order { $order } already has invoice { $number } (symbol { $series }, { $provider }): an issued invoice is never edited — to change it, issue a replacement invoice
err-invoice-issuing-elsewhere = order { $order } has an invoice being issued with { $provider }: run the command again with --provider { $provider } to finish it (a second invoice is never made)
err-invoice-unsure = { $provider } did not answer clearly ({ $cause }); the invoice of order { $order } is kept as issuing under transaction { $uuid }: run the same command again — it looks the invoice up first and never issues a second one
err-invoice-held = { $cause }; an earlier attempt's fate is still unknown, so the invoice of order { $order } stays issuing under transaction { $uuid }: run the same command again — it looks the invoice up first and never issues a second one
err-order-says = order { $order }: { $message }
err-invoice-line-config = invoice line { $line }: { $error }
err-total-in-words = total in words: { $error }
err-invoice-corrects-unissued = invoice row { $id } corrects an invoice that was never issued
err-invoice-seller-not-set = the seller is not set: put seller_name, seller_tax_code and seller_address under [invoicing] in the config file
err-auto-provider = invoicing.auto_provider = `{ $code }`: use sinvoice or misa
err-auto-template = invoicing.auto_template = `{ $template }`: use vat or sales
err-pdf-no-invoice = has no invoice: issue one with `orderdeck invoice issue`
err-pdf-not-issued = its invoice is { $status }, not issued: there is no PDF yet
err-pdf-no-provider = the PDF of its invoice was not fetched from the provider, and no provider is configured to fetch it now
err-pdf-not-sent = the PDF of its invoice is not stored and { $provider } could not send it: { $error }
err-pdf-empty = { $provider } sent an empty PDF
err-return-ref = return { $id }
err-return-not-received = return { $id } is { $status }: only received goods change the invoice
err-return-already-replaced = return { $id } of order { $order } already has its replacement invoice { $number }
err-replace-say-why = say why the invoice is replaced (--reason): it is sent to the provider
err-nothing-to-replace = order { $order } has no issued invoice to replace: issue one instead
err-invoice-unknown-provider-named = invoice { $id }: unknown provider { $provider }
err-invoice-unknown-provider = invoice { $id }: unknown provider
err-invoice-unknown-template = invoice { $id }: unknown template
err-replacement-no-lines = everything on invoice { $invoice } came back: a replacement would have no lines
err-invoice-being-replaced = order { $order }: its invoice is being replaced already (another station, or an earlier attempt); run it again to see it finished
err-mail-no-invoice = order { $order } has no issued invoice: issue one with `orderdeck invoice issue`
err-mail-no-pdf = order { $order }: the PDF of invoice { $invoice } is not stored: `orderdeck invoice pdf { $order } --out FILE` fetches it from the provider and keeps it
err-mail-no-recipient = order { $order }: the buyer has no email address: pass --to
err-mail-bad-recipient = order { $order }: "{ $address }" is not an email address
err-mail-not-sent = order { $order }: the invoice was not sent: { $error }
err-mail-not-recorded = order { $order }: invoice { $invoice } was sent to { $to }, but writing it on the order's timeline failed: { $error }
err-mail-not-built = the message could not be built: { $error }

# Carriers' lists of places
err-places-no-list = { $carrier } takes place names, it has no list of places to fetch
err-places-empty = { $carrier } sent an empty list of places; the stored one (if any) is kept
err-places-fetch = cannot fetch { $carrier }'s places: { $cause }

# Sales channels: pulling orders, shops
err-no-channel-id = no active sales channel with id { $id }
err-channel-busy = { $channel } is being pulled already (by the worker or another console); its orders arrive when that pull ends
err-channel-wrong-kind = sales channel { $code } is a { $kind } channel; this client is { $expected }'s
err-channel-status-unknown = { $channel } status `{ $status }` is not one we know: nothing was taken in
err-channel-no-phone = no usable phone number for the buyer (`{ $phone }`): { $channel } may have hidden it
err-channel-no-buyer-name = no buyer name
err-channel-no-lines = no lines
err-channel-line-no-sku = line `{ $line }` has no seller SKU on { $channel }: give the listing our SKU

# Sealed shop tokens
err-secret-wrong-key = the stored tokens were sealed with another key than this machine's: set ORDERDECK_SECRET_KEY to the key of the machine that authorised the shop (or authorise it again here)
err-secret-damaged = a sealed value is damaged: authorise the shop again
err-secret-bad-key = the secret key must be 32 bytes in base64 (as in a data directory's secret.key)
err-secret-no-key = the stored tokens are sealed but this process has no key: set ORDERDECK_SECRET_KEY

# People and their logins
err-bad-login = { $login } is not a login name: 1 to 63 lower-case letters, digits, '_', '.' or '-', starting with a letter (names starting with orderdeck_ or pg_ are the server's)
err-login-taken = { $login } is taken: choose another login name
err-short-password = a password needs at least 8 characters
err-people-admin-only = only an admin may manage people ({ $detail })
err-full-name = the full name must be text only (no control characters), at most 200 characters

# Catalogue CSV import
err-csv-bad-rows =
    nothing imported; { $count ->
        [one] { $count } bad row
       *[other] { $count } bad rows
    }:
    { $rows }
err-csv-line = {"  "}line { $line }: { $problem }
err-csv-implausibly-large = { $column } `{ $value }` is implausibly large
err-csv-column = { $column }: { $problem }
err-csv-vat-rate = vat_rate `{ $value }` must be 0, 5, 8, 10, KCT or KKKNT
err-csv-header = the header must be `{ $expected }`, found `{ $found }`
err-csv-unreadable-header = unreadable header: { $error }
err-csv-unreadable = unreadable: { $error }
err-csv-field-count = { $found } fields, expected { $expected }
err-csv-product-name = product name is empty or longer than 300 characters
err-csv-sku = sku `{ $sku }` must be 1–64 characters without spaces
err-csv-attr-pair = attr{ $n } and value{ $n } go together
err-csv-opening-stock = opening_stock `{ $value }` must be a whole number from 0
err-csv-opening-needs-warehouse = opening_stock needs a warehouse
err-csv-control-character = { $column } contains a control character ({ $character }): text only
err-csv-attributes-differ = product `{ $product }` has attributes { $here } here but { $there } on line { $line }
err-csv-sku-other-variant = sku { $sku } already describes another variant on line { $line }
err-csv-sku-warehouse-repeat = sku { $sku } and warehouse repeat line { $line }
err-csv-variant-taken = product `{ $product }` already has a variant { $values }
err-csv-barcode-twice = barcode { $barcode } is also SKU { $sku }'s
err-csv-sku-exists = sku { $sku } already exists
err-csv-barcode-taken = barcode { $barcode } already belongs to another SKU
err-csv-no-warehouse = no active warehouse `{ $warehouse }`

# Taking orders in, importing files
err-import-order = order { $index } ({ $what }): { $source }; nothing imported
err-order-not-valid =
    the order is not valid:
    { $problems }
err-intake-no-outcome = intake returned no outcome
err-intake-unknown-channel = unknown channel `{ $channel }`; known: { $known }
err-intake-unknown-warehouse = unknown warehouse `{ $warehouse }`
err-intake-queue-stopped = the intake queue has stopped

# Listings and stock on the marketplaces
err-sync-window = `{ $window }` is not a window such as "01:00-05:00"
err-sync-window-empty = `{ $window }`: the window is empty
err-listings-too-many-pages = stopped after { $pages } pages of listings
err-listing-no-price = no selling price
err-listing-no-category = no { $channel } category for products in { $category }: set category_id (or categories) in { $section }
err-listing-no-image = no image { $channel } can take: set images in { $section }
err-listing-no-weight = no weight: give the variant one, or weight_grams in { $section }
err-no-variant-sku = no variant has the SKU { $sku }
err-listing-not-found-either = { $error }; not found either: { $again }
err-listing-not-tried = not tried: { $error }
err-stock-held-back = { $channel }: held back { $seconds } s by an earlier rate limit
err-stock-no-result = { $channel }: no result for { $sku }

# Parcels after shipping: tracking, notes, COD money
err-shipment-no-tracking = shipment { $code } has no tracking number yet
err-unknown-carrier = unknown carrier { $carrier }
err-note-length = a note needs between 1 and 2000 characters
err-amount-cannot-be-negative = an amount cannot be negative
err-cod-already-recorded = the COD money for { $parcel } was already recorded
err-remit-amount = amount { $error }
err-remit-date = the date must be YYYY-MM-DD or DD/MM/YYYY
err-remit-no-tracking = no tracking number

# Background work, products, checks
err-shop-not-authorised = { $channel }: the shop has not been authorised yet (no tokens stored); its orders are not pulled until it is
err-stock-sync-no-shop = stock sync: no marketplace shop could be opened
err-stock-sync-not-started = stock sync NOT started: { $error }
err-check-shop-not-authorised = configured, but the shop is not authorised yet: `orderdeck channels link { $channel }`, then `channels connect { $channel } --code …`
err-product-sku-exists = SKU { $skus } already exists
err-reorder-negative = { $sku }: the reorder point cannot be negative
err-not-a-variant-of-product = { $sku } is not a variant of this product
err-prices-negative = { $sku }: prices cannot be negative

# The config file and environment
err-config-read = cannot read config file { $path }: { $source }
err-config-file = config file { $path }: { $message }
err-config-env = environment variable { $var }: { $message }
err-config-language = language `{ $code }` is not one orderdeck speaks: use "vi", "id" or "en"
err-config-currency = currency `{ $code }` is not one orderdeck shows: use "VND" or "IDR"
err-config-line = line { $line }: { $problem }
err-config-empty-key = empty key
err-config-not-a-table = `{ $key }` is not a table

# Sending e-mail
err-mail-not-set-up = email is not set up: add [smtp] with host and from (and username, password) to the config file, or ORDERDECK_SMTP__HOST, ORDERDECK_SMTP__FROM, …
err-mail-config = [smtp] in the config: { $problem }
err-mail-connect = cannot connect to the mail server { $server }: { $cause }
err-mail-timeout = the mail server { $server } did not answer within { $within }
err-mail-auth = the mail server { $server } refused the log-in of { $username }: { $reply }
err-mail-auth-required = the mail server { $server } wants a log-in: set smtp.username and smtp.password
err-mail-tls = TLS with the mail server { $server } failed: { $cause }
err-mail-refused = the mail server { $server } refused the message: { $reply }
err-mail-deferred = the mail server { $server } cannot take the message now (try again later): { $reply }
err-mail-other = sending through the mail server { $server } failed: { $cause }
err-smtp-host-empty = `smtp.host` is empty: name the mail server, such as smtp.example.vn
err-smtp-password-without-username = `smtp.password` is set but `smtp.username` is not
err-smtp-timeout-zero = `smtp.timeout_secs` must be at least 1
err-smtp-address-empty = `{ $key }` is empty: write an address such as "Shop Ánh Dương <hoadon@example.vn>"
err-smtp-not-an-address = `{ $key }` = "{ $value }" is not an email address: write it as user@domain or "Shop Ánh Dương <hoadon@example.vn>"
err-smtp-connection-refused = connection refused (is it running, and is smtp.port right?)
err-smtp-security-none = security = "none" would send the password unencrypted to { $host }: use "starttls" or "tls" ("none" is for a relay on this machine)
err-smtp-no-noop = the server did not answer NOOP
err-no-answer-in-time = no answer in time

# Carriers, e-invoice providers and marketplaces: what they answered. A provider's own words (free text) stay as it wrote them, in quotes, so a reader knows they are its words.
err-carrier-refused = { $carrier } refused: { $message }
err-provider-auth = { $provider } did not accept our credentials: { $message }
err-provider-rate-limited = { $provider } asks us to slow down (HTTP 429); try again in { $seconds } s
err-provider-timeout = { $provider } did not answer in time
err-provider-unavailable = { $provider } is unavailable (HTTP { $status })
err-provider-malformed = { $provider } sent a reply we cannot read: { $detail }
err-provider-network = cannot reach { $provider }: { $detail }
err-provider-not-configured = { $provider } is not configured: { $detail }
err-carrier-not-asked = { $carrier } was not asked: { $detail }
err-invoice-provider-refused = { $provider } refused: { $message }
err-invoice-provider-refused-code = { $provider } refused ({ $code }): { $message }
err-channel-token-expired = { $channel }: the access token has expired ({ $message })
err-channel-rate-limited = { $channel } asks us to slow down; try again in { $seconds } s
err-channel-refused = { $channel } refused ({ $code }): { $message }
err-channel-refused-ours = { $channel } refused ({ $code }): { $message }
err-channel-refused-param = { $channel } refused ({ $code }): { $message }
err-channel-refused-not-found = { $channel } refused ({ $code }): { $message }
err-channel-tokens-not-saved = { $channel } issued new tokens that could not be saved ({ $detail }); they work until this program stops, after that the shop must be authorised again

## Marketplace fulfilment (issue 16)
err-tracking-taken = tracking number { $tracking } already belongs to another shipment
err-fulfil-not-marketplace = order { $number } is not a marketplace order: ship it with GHN or Viettel Post
err-fulfil-wrong-shop = order { $number } is a { $platform } order
err-fulfil-no-external-id = order { $number } has no platform order id, so its platform cannot ship it
err-fulfil-cancel-requested = the buyer asked to cancel order { $number } ({ $reason }): accept or reject the request before shipping
err-fulfil-unsure = { $platform } did not answer clearly ({ $cause }); the shipment is kept as asked: press S again — it looks on { $platform } first and never arranges twice
err-fulfil-mixed-shops = marked orders of different shops or of our own carriers: arrange one shop's orders at a time
err-fulfil-no-answer = no answer from { $platform } for this order; it is kept as asked and looked up again
err-fulfil-no-cancel-request = order { $number } has no cancellation request waiting
err-pack-cancel-requested = stop: the buyer asked to cancel order { $number } ({ $reason }). Accept (a) or reject (r) the request first
err-fulfil-split = { $platform } split order { $number } into several packages; orderdeck ships one parcel per order: arrange its packages in { $platform } Seller Center
## cancel
err-cancel-reason-unknown = "{ $code }" is not a cancel reason; use one of: { $codes }
err-cancel-note-required = say why in the note: it is required when the reason is "other"
err-cancel-note-too-long = the note is { $count } characters long; at most { $max }
err-cancel-note-control = the note is one line of text: no line breaks or control characters
err-cancel-invoice-no-provider = no e-invoice provider is set up here ([invoices] in the config file)
err-cancel-invoice-unsure = order { $number } was not cancelled: its invoice is still being issued with { $provider } (the answer was lost). Settle it first (orderdeck invoice issue { $number } --provider { $provider }), then cancel: the adjustment must name the invoice's number

## lead (storefronts)
err-storefront-code-taken = the channel code `{ $code }` is already used by a shop that is not on { $kind }: choose another name for `[storefronts.{ $code }]`

## storefront-hooks
err-hook-missing-signature = the webhook carries no signature: refused (only the storefront that knows the webhook secret may send orders here)
err-hook-bad-signature = the webhook's signature does not match: refused (another secret, or the body was changed on the way)
err-hook-malformed = the webhook is signed but its field `{ $field }` cannot be read: refused
err-hook-wrong-platform = the webhook comes from another platform than this channel's: point that shop's webhook at its own channel's address
err-storefront-ships-itself = orders from the { $platform } website are shipped with your own carriers (pane 4 or the pack station), not arranged by { $platform }

## intake-api
err-api-unknown-scope = unknown scope `{ $scope }`; the scopes are: { $known }
err-api-no-scope = name at least one scope: { $known }
err-api-key-bad-name = `{ $name }` cannot be an API key's name: use lower-case letters, digits, '.', '_' or '-' (at most 63), starting with a letter or a digit
err-api-key-name-taken = an API key named `{ $name }` exists already (a revoked key keeps its name): choose another name
err-api-key-not-found = no API key is named `{ $name }` (`orderdeck keys list` shows them)
err-api-key-unknown-channel = there is no sales channel `{ $channel }`: bind the key to one that exists (pane 9 lists them)
err-api-no-token = This request needs an API key, sent as `Authorization: Bearer <token>`.
err-api-invalid-token = The API key is unknown or has been revoked.
err-api-insufficient-scope = This API key lacks the scope `{ $scope }` that this request needs.
err-api-channel-bound = This API key may only send orders for the channel `{ $bound }`, not `{ $channel }`.
err-api-channel-marketplace = `{ $channel }` is a marketplace channel: its orders come from the marketplace, and only a key bound to that channel may send them.
err-api-stock-channel-bound = This API key is bound to the channel `{ $bound }`; it may not read stock for `{ $channel }`.
err-api-unknown-channel = unknown sales channel `{ $channel }`
err-api-idempotency-missing = This request needs an Idempotency-Key header (a new UUID for each order), so that it can be retried safely.
err-api-idempotency-missing-field = required
err-api-idempotency-empty = The Idempotency-Key is empty.
err-api-idempotency-too-long = The Idempotency-Key has { $length } characters; at most { $max } are allowed.
err-api-idempotency-bad-character = The Idempotency-Key contains { $character }: only visible ASCII characters are allowed (no spaces, quotes or backslashes inside the key).
err-api-idempotency-bad-quoting = The Idempotency-Key must be one key: a quoted string or a bare token, with nothing after it.
err-api-idempotency-reused = This Idempotency-Key was used before with a different request body. Use a new key for a new order.
err-api-idempotency-reused-field = already used with another body
err-api-idempotency-in-flight = A request with this Idempotency-Key is still being carried out. Retry in a moment.
err-api-body-too-large = The request body is larger than { $max } bytes. Nothing was written.
err-api-body-too-slow = The request body did not arrive within { $seconds } seconds. Nothing was written.
err-api-body-unreadable = The request body could not be read: { $reason }
err-api-not-json = The request body must be application/json, not { $given }. Nothing was written.
err-api-malformed-json = The request body is not valid JSON: { $reason }. Nothing was written.
err-api-not-an-order = The body is JSON but not an order (see errors). Nothing was written.
err-api-invalid-order = { $count ->
        [one] The order cannot be taken in: 1 problem, listed in errors. Nothing was written.
       *[other] The order cannot be taken in: { $count } problems, listed in errors. Nothing was written.
    }
err-api-order-not-found = There is no order { $number } that this API key may read.
err-api-stock-no-sku = Name the SKUs to look up: ?sku=A,B
err-api-stock-too-many = { $count } SKUs were asked for; at most { $max } per request.
err-api-bad-query = The query string cannot be read: { $reason }
err-api-unavailable = The request could not be carried out now and nothing was written. Retry in a moment (with the same Idempotency-Key).
err-api-method-not-allowed = This path does not take this method.
err-api-no-such-path = There is no such path in the orderdeck API (see /v1/openapi.json).
err-chat-empty = The message is empty.
err-chat-too-long = The message is longer than { $max } characters.
err-chat-buyer = The buyer's id is missing, too long or has control characters.
err-chat-no-draft = There is no draft to send in this conversation (it was sent, or a newer message replaced it).
err-chat-message-id = The message id must be 1 to 200 characters without control characters.
err-chat-no-client = { $channel } is not connected (no client is configured): reply there yourself, or configure it.
err-chat-window-24h = Not sent: the buyer last wrote more than 24 hours ago, and Messenger lets only a person answer after that (up to 7 days).
err-chat-window-7d = Not sent: the buyer last wrote more than 7 days ago; Messenger takes no reply until they write again.
err-chat-window-never = Not sent: this buyer has not written to the Page, and a Page may not start a conversation.
err-mchat-too-long = Not sent: { $channel } takes at most { $max } characters in a chat message.
err-mchat-empty = Not sent: the reply is empty.
err-mchat-link = Not sent: { $channel } does not allow links in chat messages; take out "{ $link }" and send again.
err-mchat-window-7d = Not sent: the buyer last wrote more than 7 days ago, and { $channel } gives the shop 7 days to answer; the conversation is closed until they write again.
err-mchat-never = Not sent: this buyer has not written to the shop on { $channel }, and orderdeck does not start conversations there.
err-mchat-no-thread = Not sent: no { $channel } conversation with this buyer is known here to answer in.
err-mchat-bad-buyer = Not sent: "{ $buyer }" is not a { $channel } buyer id.
err-mchat-rules = Not sent: TikTok Shop's conversation rules no longer allow writing to this buyer (45109001); they can write to the shop again.
err-mchat-quota = Not sent: the shop's TikTok Shop chat quota for today (10,000 calls) is used up (45101004); try again tomorrow.
err-mchat-sensitive = Not sent: TikTok Shop found words its policy does not allow in the reply (45101006); rephrase it.
err-mchat-no-permission = Not sent: { $channel } says this app has no permission for this conversation.
err-mchat-shopee-no-chat = Not sent: this app has no chat permission on Shopee (Shopee grants seller chat only to Customer Service apps of third-party partners).
err-mchat-lazada-no-im = Not sent: Lazada refused the chat call because this app is not of the IM category.
err-zalo-too-long = Not sent: Zalo takes at most { $max } characters in a message; shorten it.
err-zalo-window-never = Not sent: this buyer has not written to the Zalo OA, and a reply may only follow a buyer's message.
err-zalo-window-48h = Not sent: the buyer last wrote more than 48 hours ago; Zalo counts anything later as a paid proactive message, which orderdeck does not send. Wait until they write again.
err-zalo-window-replies = Not sent: the { $max } free replies Zalo allows after the buyer's last message are used; anything more is a paid proactive message. Wait until they write again.
err-zalo-not-connected = The Zalo OA is not connected: run `orderdeck assistant zalo-connect --code CODE` with the code from the OA's consent page.
err-zalo-token = Zalo refused the OA's access token, also after a refresh: connect the OA again (`orderdeck assistant zalo-connect`).
err-zalo-oauth-refused = Zalo refused the token request ({ $reason }). A refresh token works once and expires; connect the OA again (`orderdeck assistant zalo-connect`).
err-zalo-zns-phone = Not sent by ZNS: the phone number is not a valid Vietnamese number (Zalo wants 84xxxxxxxxx).
err-zalo-zns-template = Not sent by ZNS: Zalo does not know template { $template } (not approved, or another OA's); check [assistant.zalo.zns].
err-zalo-zns-data = Not sent by ZNS: the template's data is empty or does not match what the template declares (Zalo error { $code }); check the data in [assistant.zalo.zns].
err-zalo-zns-unsupported = Not sent by ZNS: the buyer's Zalo app is too old to receive it.
err-zalo-zns-app = Not sent by ZNS: the Zalo app or OA is not set up for ZNS (Zalo error { $code }): check the app, the OA's verification and its ZNS access.
err-zalo-zns-night = Not sent by ZNS: this template may only be sent between 07:00 and 22:00.
err-zalo-zns-no-template = No ZNS template is configured for this notice.
err-zalo-refused = Zalo refused ({ $code }): { $message }
err-zalo-unreachable = Zalo could not be reached: { $reason }
err-zalo-unreadable = Zalo answered something unreadable: { $excerpt }
err-zalo-tokens-store = The Zalo tokens could not be read or kept: { $reason }
