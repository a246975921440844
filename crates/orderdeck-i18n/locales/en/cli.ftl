# The command line: what `orderdeck` subcommands say to people (stdout, stderr, errors).
# Data (numbers, SKUs, names, paths, provider text) comes in as values.

## Files and input

cli-cannot-open = cannot open { $path }
cli-cannot-read = cannot read { $path }
cli-cannot-read-utf8 = cannot read { $path } as UTF-8 text
cli-cannot-write = cannot write { $path }
cli-input-too-large = { $path } is larger than { $mib } MiB: refused, nothing imported
cli-decimal-flag = --decimal `{ $given }`: comma (1.250.000,00) or point (1,250,000.00)
cli-not-utf8 = not UTF-8 text
cli-at-line = line { $line }: { $problem }
cli-at-order = order { $index }: { $problem }
cli-and-more = … and { $count } more
cli-not-json-array = not a JSON array: { $problem }
cli-nothing-imported = nothing imported; { $count ->
        [one] { $count } problem
       *[other] { $count } problems
    }:

## Orders

cli-orders-imported = imported { $created ->
        [one] { $created } order
       *[other] { $created } orders
    } ({ $reserved } ready to pack, { $backordered } backordered), { $duplicates ->
        [one] { $duplicates } duplicate
       *[other] { $duplicates } duplicates
    } skipped, in { $seconds } s
cli-order-created = created { $number }: { $status }
cli-order-created-short = created { $number }: { $status } ({ $shortages })
cli-order-duplicate = duplicate: already received as { $number }; nothing changed
cli-order-bad-json = the order is not valid JSON of the expected shape: { $problem }
cli-no-order = no order { $number }
cli-order-buyer = buyer: { $name } { $phone }
cli-order-ship-to = ship to: { $address }
cli-order-line = { $qty } × { $sku } { $name } @ { $price } (reserved { $reserved })
cli-order-cancelled = cancelled { $number }; reservations released

## Stock

cli-no-sku = no SKU { $sku }
cli-stock-col-warehouse = whse
cli-stock-col-on-hand = on hand
cli-stock-col-reserved = reserved
cli-stock-col-available = available

## Purchase orders

cli-po-late = LATE
cli-po-nothing-to-order = nothing to order: every backorder is covered by an open purchase order
cli-po-drafted = drafted { $numbers }
cli-po-no-supplier = no supplier known for { $skus }: nothing drafted for them
cli-po-confirmed = confirmed { $number }
cli-po-received = received { $number }: { $status }
cli-po-ready-to-pack = now ready to pack: { $numbers }
cli-po-cancelled = cancelled { $number }

## Products

cli-products-imported = imported { $products ->
        [one] { $products } product
       *[other] { $products } products
    }, { $variants ->
        [one] { $variants } variant
       *[other] { $variants } variants
    }, { $moves ->
        [one] { $moves } opening stock move
       *[other] { $moves } opening stock moves
    }

## Setup: config, key file, logs, password

cli-config-readable-going-on = WARNING: { $path } holds passwords or tokens and other users can read it (mode { $mode }); going on because of --insecure-config: chmod 600 { $path }
cli-config-readable-refused = { $path } holds passwords or tokens and other users can read it (mode { $mode }): chmod 600 { $path } (or pass --insecure-config to go on anyway)
cli-no-data-dir = no data directory: pass --data-dir
cli-config-operator-ignored = `operator` in the config is no longer read: events carry the database login (set `db_user` or pass --user)
cli-tokens-unsealed-make = tokens are stored unsealed: cannot make { $path }: { $problem }
cli-tokens-unsealed-read = tokens are stored unsealed: cannot read { $path }: { $problem }
cli-key-file = the key file { $path }
cli-not-logging = not logging: cannot write to { $path }: { $problem }
# A prompt: the program adds a space after it.
cli-password-for = Password for { $login }:
cli-reading-password = reading the password
cli-no-config-folder = no config folder on this platform; pass --config

## config check

cli-check-not-configured = not configured
cli-check-works = works (answered in { $ms } ms)
cli-check-fails = FAILS: { $problem }
cli-check-failed = { $count ->
        [one] { $count } configured provider
       *[other] { $count } configured providers
    } did not answer as they should

## db, migrate

cli-schema-version = schema is at version { $version }
cli-db-shared = shared PostgreSQL at { $url }
cli-db-shared-not-stopped = a shared server is not orderdeck's to stop; nothing done
cli-db-stopped = embedded PostgreSQL stopped
cli-db-was-not-running = embedded PostgreSQL was not running

## The console

cli-console-starting-embedded = starting the embedded PostgreSQL in { $path } …
cli-console-no-role = { $login } is in none of the shop's roles: an admin runs `orderdeck users role { $login } packer` (or support, manager, admin)
cli-console-demo-owner-only = --demo seeds the database: only its owner (the administrator) may

## worker

cli-worker-nothing-to-do = nothing to do: no carrier is configured ([carriers.ghn] or [carriers.viettelpost]), automatic invoicing is off (invoicing.auto_provider), no shop is configured ([channels.shopee], [channels.lazada], [channels.tiktok], [storefronts.<code>]) and no --listen address is given
cli-worker-not-allowed = { $login } may not run the workers (they issue invoices and write listings): run `orderdeck worker` as the database's owner, or a manager or admin login
cli-worker-cannot-listen = cannot listen on { $address }
cli-worker-webhooks = taking webhooks on { $url }

## users

cli-users-none-yet = No people yet: everyone signs in as { $login } (the administrator).
cli-users-add-one = Add one: { $example }
cli-users-col-login = LOGIN
cli-users-col-role = ROLE
cli-users-col-sign-in = SIGN-IN
cli-users-col-name = NAME
cli-users-no-role = none (it may do nothing)
cli-users-owner-note = the database's owner: every right, and migrations
cli-users-no-roles-in-db = This database has no orderdeck roles (its owner could not create them): every connection is the owner.
# A prompt: the program adds a space after it.
cli-password-again = The same again:
cli-passwords-differ = the two passwords differ: nothing was changed
cli-users-added = { $login } added as { $role }. They sign in with: orderdeck --user { $login }
cli-users-role-set = { $login } is now { $role }
cli-users-disabled = { $login } may no longer sign in

## returns

cli-return-received = return { $id } of { $number }: { $restocked } back in stock, { $written_off } written off; order is now { $status }
cli-return-refund-recorded = refund { $id } recorded
cli-return-exchange-order = exchange: replacement order { $number }
cli-return-exchange-failed = exchange NOT made: { $problem }
cli-return-invoice-replaced = replacement invoice { $invoice } issued (replaces { $replaced }); tax-authority code: { $code }

## places

cli-places-carrier-flag = --carrier `{ $given }`: use ghn
cli-places-fetched = { $carrier }: { $provinces } provinces, { $districts } districts, { $wards } wards fetched in { $seconds } s
cli-places-never-fetched = { $carrier }'s places were never fetched: `orderdeck places refresh` (the first shipment also fetches them)
cli-places-status = { $carrier }: { $provinces } provinces, { $districts } districts, { $wards } wards, fetched { $fetched }
cli-places-stale = over a week old: fetched again on next use
cli-places-give-address = give an address: ward, district, province (comma-separated)
cli-places-candidates = candidates (ward id, place):

## listings

cli-listings-pulled = { $listings } listings on the shop: { $matched } matched to our SKUs ({ $new } new here), { $unmatched } unmatched, { $ambiguous } ambiguous; { $gone } no longer listed; { $not_listed } of our active SKUs not listed there
cli-listings-unmatched = unmatched (SKU none of ours)
cli-listings-ambiguous = ambiguous (SKU fits several of ours)
cli-listings-sync-pull-push = { $channel }: product sync (pull, then push)
cli-listings-sync-pull = { $channel }: product sync (pull)
cli-listings-pushed = listed now: { $created }; found after a timed-out create: { $found }; not listed: { $failed }
cli-listings-listed = listed
cli-listings-not-listed = not listed
cli-listings-pushes-queued = stock pushes for the matched listings are queued; the worker sends them
cli-no-marketplace-configured = no marketplace shop is configured ([channels.shopee], [channels.lazada], [channels.tiktok])
cli-listings-drained = { $rows ->
        [one] { $rows } variant
       *[other] { $rows } variants
    }: { $calls ->
        [one] { $calls } stock call
       *[other] { $calls } stock calls
    }, { $pushed ->
        [one] { $pushed } listing
       *[other] { $pushed } listings
    } set, { $skipped } already right, { $refused } refused, { $rescheduled } kept for later, { $unconfigured } on shops not configured here
cli-listings-queue = stock queue: { $pending ->
        [one] { $pending } variant
       *[other] { $pending } variants
    } waiting, { $due } due, { $failing } failing
cli-listings-last-error = last error: { $problem }
cli-listings-no-channel = no marketplace channel yet
cli-listings-channel = { $channel }: { $listings ->
        [one] { $listings } listing
       *[other] { $listings } listings
    }, { $matched } matched to our variants, { $refused } refused their last stock push; product sync { $ran }
cli-listings-sync-last-ran = last ran { $time }
cli-listings-sync-never-ran = never ran
cli-listings-sync-failed = failed: { $problem }
cli-listings-window = product sync runs by itself daily in { $window } (local time)
cli-listings-on-demand = product sync runs on demand only (set [listings] product_sync_window)

## channels

cli-channels-not-marketplace = `{ $given }` is not a marketplace: shopee, lazada or tiktok
cli-channels-not-configured = { $channel } is not configured: add { $section } to the config file
cli-channels-never = never
cli-channels-tiktok-link = TikTok Shop: use the authorisation link of your app in Partner Center (or set [channels.tiktok] authorize_url), then `orderdeck channels connect tiktok --code …`
cli-channels-bad-link = the configured base URL does not make a valid link
cli-channels-authorised = { $channel } shop { $shop } authorised: tokens stored (access token { $token } until { $until })
cli-channels-no-channel-yet = { $channel }: no sales channel yet (made on first use)
cli-channels-tokens = tokens: access { $access } until { $access_until }, refresh { $refresh } until { $refresh_until }
cli-channels-no-tokens = tokens: none — authorise the shop (`orderdeck channels connect { $channel }`)
cli-channels-tokens-problem = tokens: { $problem }
cli-channels-last-pull = last pull: { $time }
cli-channels-last-error = last error ({ $time }): { $problem }
cli-channels-not-taken-in = orders not taken in ({ $count }):
cli-channels-problem = { $id }: { $reason } ({ $attempts } tries)
cli-channels-no-shop = no shop `{ $shop }`: the codes are in pane 9 (shopee, lazada, tiktok, …)
cli-channels-buffer-set = { $shop }: { $buffer ->
        [one] { $buffer } unit
       *[other] { $buffer } units
    } held back; its { $listings ->
        [one] { $listings } listing
       *[other] { $listings } listings
    } are queued for a stock push
cli-channels-shop-vanished = shop `{ $shop }` vanished meanwhile

## invoice

cli-invoice-template-flag = --template `{ $given }`: use vat or sales
cli-invoice-provider-flag = --provider `{ $given }`: use sinvoice or misa
cli-invoice-issued = { $order }: invoice { $invoice } issued with { $provider }
cli-invoice-tax-code = tax-authority code: { $code }
cli-invoice-recovered = { $provider } answered unclearly at first; found by transaction { $transaction }: this is that invoice, not a second one
cli-invoice-pdf-not-fetched = the PDF was not fetched; `orderdeck invoice pdf { $order } --out FILE` fetches it
cli-invoice-pdf-written = { $bytes } bytes written to { $path }
cli-invoice-sent = sent invoice { $invoice } to { $to }
cli-invoice-replace-what = name the order, or the return with --return N
cli-invoice-nothing-to-replace = its order has no issued invoice to replace
cli-invoice-replaced = { $order }: replacement invoice { $invoice } issued; tax-authority code: { $code }
cli-invoice-pdf-wrote = { $pages ->
    [one] wrote { $path } ({ $pages } page)
   *[other] wrote { $path } ({ $pages } pages)
}
cli-invoice-cannot-issue-yet = Cannot be issued yet:
cli-invoice-cannot-draw = cannot draw the invoice of { $order }
cli-invoice-auto-off = automatic invoicing is off (invoicing.auto_provider is not set)
cli-invoice-auto-since = automatic invoicing with { $provider } since { $since }
cli-invoice-auto-first-round = automatic invoicing with { $provider }: starts with its first round (orders completed after it)
cli-invoice-would-issue = would issue now: { $orders }
cli-invoice-older-heading = completed before it started, issued only on request (`invoice auto --older`, or `invoice issue ORDER`):
cli-invoice-completed-on = completed { $date }
cli-invoice-auto-off-refused = automatic invoicing is off: set invoicing.auto_provider (sinvoice or misa), or issue one order with `invoice issue ORDER --provider …`
cli-invoice-auto-provider-bad = invoicing.auto_provider = `{ $given }`: use sinvoice or misa
cli-invoice-auto-template-bad = invoicing.auto_template = `{ $given }`: use vat or sales
cli-invoice-auto-issued = issued: { $orders }
cli-invoice-auto-not-issued = not issued: { $order }: { $problem }
cli-invoice-auto-unsure = { $count ->
        [one] { $count } unclear answer
       *[other] { $count } unclear answers
    }: kept issuing, looked up first next time
cli-invoice-auto-older-waiting = { $count ->
        [one] { $count } older order
       *[other] { $count } older orders
    } call for an invoice but were completed before automatic invoicing started: `invoice auto --dry-run` lists them, `--older` issues them
cli-invoice-none = none

## ship

cli-ship-required-note-bad = shipping.required_note = `{ $given }`: use may_try, may_look or may_not_look
cli-ship-size-flag = --size must be LxWxH in cm, for example 30x20x10 (got `{ $given }`)
cli-ship-size-not-whole = --size: `{ $given }` is not a whole number of cm
cli-ship-weight-zero = --weight must be more than 0 kg
cli-ship-weight-max = --weight must be at most 50 kg
cli-ship-carrier-flag = --carrier `{ $given }`: use ghn or viettelpost
cli-ship-service-flag = --service `{ $given }`: use express or economy
cli-ship-payer-flag = --payer `{ $given }`: use seller or buyer
cli-ship-note-code-flag = --note-code `{ $given }`: use may_try, may_look or may_not_look
cli-ship-fix-address = fix the order's address
cli-ship-pick-ward = pick one with --ward ID
cli-ship-quote = { $service }: fee { $fee }; the buyer hands over { $at_door }
cli-ship-quote-to = { $service } to { $place }: fee { $fee }; the buyer hands over { $at_door }
cli-ship-shipped = { $order } shipped with { $carrier } ({ $service }), fee { $fee }, COD { $cod }
cli-ship-recovered = the carrier already had it from an earlier attempt

## shipments

cli-no-shipment = no shipment { $tracking }
cli-shipment-no-tracking-yet = (no tracking number yet)
cli-shipment-parcel = order { $order }, COD { $cod }, fee { $fee }, { $grams } g, { $length }×{ $width }×{ $height } cm, { $note }
cli-shipment-cod-received = COD received: { $amount } on { $date }
cli-shipment-last-error = last error: { $problem }
cli-shipments-none-need-attention = no shipment needs attention
cli-shipment-redeliver-asked = asked the carrier to deliver { $tracking } again
cli-shipment-return-asked = asked the carrier to return { $tracking } to us
cli-shipment-cancel-asked = asked the carrier to cancel { $tracking }
cli-shipment-noted = noted on the order's timeline
cli-shipments-polled = asked about { $asked ->
        [one] { $asked } parcel
       *[other] { $asked } parcels
    }: { $new_events ->
        [one] { $new_events } new event
       *[other] { $new_events } new events
    }, { $changed } changed state, { $failed } failed

## Shipment states


## label, printing

cli-label-unknown-carrier = unknown carrier
cli-label-format-flag = --format `{ $given }`: use pdf, zpl or carrier
cli-label-kind-html = an HTML print page
cli-label-kind-pdf = a PDF
cli-label-kind-zpl = ZPL for a label printer
cli-label-kind-unknown = a file of unknown kind
cli-label-wrong-extension = the label of { $tracking } is { $kind }, not .{ $given }: write it as { $path } (or use --format pdf for orderdeck's own 100×150 mm label)
cli-label-written = label for { $tracking } ({ $kind }) written to { $path }
cli-label-open-in-browser = the carrier's label for { $tracking } is { $kind }: open { $path } in a browser to print it
cli-label-printed = label for { $tracking } sent to the printer
cli-print-command-empty = shipping.print_command is empty
cli-print-command-cannot-run = cannot run the print command `{ $command }` (set shipping.print_command, or use --out FILE)
cli-print-command-failed = the print command `{ $command }` failed ({ $status })

## COD

cli-cod-received = COD { $amount } for { $tracking } recorded as received
cli-cod-matched = { $count } matched and recorded
cli-cod-mismatch = { $tracking } paid { $paid }, we asked for { $expected } — not applied
cli-cod-unknown = unknown tracking number { $tracking } — not applied
cli-cod-already = { $tracking } was already recorded — not applied again
cli-cod-file-too-large = { $path } is larger than 50 MB: not a COD file
cli-file-not-utf8 = { $path } is not UTF-8 text

## main, demo

cli-no-runtime = cannot start the async runtime: { $problem }
cli-role-may-not = your role may not do this; nothing was changed (`orderdeck users me` shows your role, an admin changes it)
cli-built-without-demo = { $what }: this orderdeck was built without the simulators, the demo seed and the benchmarks (the `demo` feature); build it with its default features: cargo build --release
cli-demo-simulators = the demo's simulators

cli-users-disabled = disabled

## `orderdeck keymap`
cli-keys-title = The console's keys
cli-keys-col-keys = Keys
cli-keys-col-does = What it does
cli-keys-col-where = Where
cli-keys-col-config = In the config file
cli-keys-in-forms = forms
cli-keys-in-questions = questions
cli-keys-in-stations = stations (pack, count)
cli-keys-everywhere = everywhere

## Marketplace fulfilment (issue 16)
cli-fulfil-no-dropoff = the platform offers no drop-off for this order (see --options)
cli-fulfil-no-pickup = the platform offers no pickup for this order (see --options)
cli-fulfil-unknown-address = no pickup address { $id } for this order (see --options)
cli-fulfil-unknown-slot = no pickup slot { $id } for this order (see --options)
cli-fulfil-progress = arranged { $done } of { $total }
cli-fulfil-some-failed = { $failed } orders were not arranged (each line says why)
cli-fulfil-not-platform-parcel = { $key } is not a parcel a marketplace arranged
cli-fulfil-decision-flag = the decision is accept or reject, not "{ $given }"
cli-ship-one-at-a-time = our carriers ship one order at a time; several orders at once are for one marketplace shop
cli-label-mixed = these are not all parcels of marketplaces (airway bills) nor all ours: print them apart
## cancel
cli-cancel-reason-required = say why with --reason: one of { $codes } (--note adds your own words; required with other)
cli-cancel-reason = reason: { $reason }
cli-cancel-invoice-adjusted = invoice { $invoice } adjusted to zero by adjustment invoice { $adjustment } (tax-authority code { $code })
cli-cancel-invoice-owed = order { $number } is cancelled, but its invoice { $invoice } still stands: the adjustment invoice was not issued ({ $why }). Run `orderdeck orders cancel { $number } --reason { $code }` again to issue it
## many
cli-stock-bin-set = { $sku } lies in bin { $bin } in { $warehouse }
cli-stock-bin-cleared = { $sku } has no bin in { $warehouse } now
cli-stock-bin-no-warehouse = no warehouse with the code { $warehouse }
cli-stock-bin-too-long = a bin is at most { $max } characters (a shelf code like A-03-2)

## lead (storefronts)
cli-serve-not-allowed = { $login } may not run the listener (it takes orders in for every channel): run `orderdeck serve` as the database's owner, or a manager or admin login
cli-serve-stopping = stopping: finishing the requests under way …
cli-serve-api = order-intake API on { $url } (keys: `orderdeck keys create`)
cli-serve-chat = the website's chat on { $url } (a key with scope chat:write)
cli-serve-messenger = the Facebook Page's webhook on { $url } (callback URL for the App Dashboard, behind HTTPS)
cli-serve-zalo = the Zalo OA's webhook on { $url } (webhook URL for the Zalo app's settings, behind HTTPS)
cli-zalo-no-config = There is no [assistant.zalo] in the config: set app_id, app_secret and oa_secret_key first.
cli-zalo-connected = The Zalo OA is connected; its access token is good until { $until } and is renewed by itself.
cli-assistant-person = This conversation is with a person now: the assistant does not answer it.
cli-serve-storefront = { $platform } webhooks on { $url }

## intake-api
cli-api-keys-created = API key `{ $name }` made (prefix { $prefix }, scopes { $scopes }). Its token:
cli-api-keys-shown-once = Copy the token now: it is shown only this once (only its hash is kept); a lost token means a new key.
cli-api-keys-none = No API keys yet. Make one: { $example }
cli-api-keys-col-name = Name
cli-api-keys-col-prefix = Prefix
cli-api-keys-col-scopes = Scopes
cli-api-keys-col-channel = Channel
cli-api-keys-col-created = Made
cli-api-keys-col-last-used = Last used
cli-api-keys-col-revoked = Revoked
cli-api-keys-any-channel = (any own channel)
cli-api-keys-never = never
cli-api-keys-revoked-now = API key `{ $name }` revoked: every request with it is refused from now on.
cli-api-keys-revoked-before = API key `{ $name }` was revoked already; nothing changed.
cli-storefront-hooks = webhooks to { $path }: { $count } in the last 24 h, last { $last }
cli-storefront-refused = { $count } refused in the last 24 h (a wrong signature: check webhook_secret); last { $time }: { $reason }
