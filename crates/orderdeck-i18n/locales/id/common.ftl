# Kata dan frasa yang dipakai di seluruh orderdeck.

common-orders-count = { $count } pesanan

## Posisi pesanan: tiga kata penjual (dan dibatalkan, dikembalikan)…
common-stage-new = Baru
common-stage-processing = Diproses
common-stage-completed = Selesai
common-stage-cancelled = Dibatalkan
common-stage-returned = Retur

## …dan status rinci di sampingnya.
common-status-new = baru
common-status-backordered = stok kurang
common-status-reserved = direservasi
common-status-packing = dikemas
common-status-packed = terkemas
common-status-shipped = dikirim
common-status-delivered = diterima
common-status-completed = selesai
common-status-cancelled = dibatalkan
common-status-returned = diretur
common-status-partly-returned = retur sebagian

common-yes = ya
common-no = tidak

## Timeline: kinds of events
common-event-received = diterima
common-event-reserved = reservasi
common-event-backorder = stok kurang
common-event-edited = diubah
common-event-cancelled = dibatalkan
common-event-packing = dikemas
common-event-given-back = dikembalikan
common-event-packed = terkemas
common-event-shipped = dikirim
common-event-not-shipped = gagal kirim
common-event-parcel-action = tindakan paket
common-event-parcel = paket
common-event-delivered = diterima
common-event-completed = selesai
common-event-cod-received = COD diterima
common-event-invoiced = difakturkan
common-event-invoice-replaced = faktur diganti
common-event-invoice-adjusted = faktur disesuaikan
common-event-invoice-refused = faktur ditolak
common-event-invoice-left = faktur tertunda
common-event-invoice-sent = faktur terkirim
common-event-returned = retur
common-event-refund = pengembalian dana
common-event-exchange = tukar
common-event-marketplace = marketplace
common-event-new-address = alamat baru
common-event-note = catatan

## Fields an edit changes (the timeline)
common-field-name = nama
common-field-phone = telepon
common-field-email = e-mail
common-field-address = alamat
common-field-shipping-fee = ongkir
common-field-discount = diskon
common-field-lines = baris
common-field-marketplace-status = status marketplace

## Channels whose codes are words
common-channel-website = website
common-channel-manual = manual
common-shortage = { $sku } kurang { $short }
common-channel-website-short = web
common-channel-manual-short = manual

## What the workers, the demo and a pull say
common-product-created = { $name } dibuat dengan { $count } varian: { $skus }
common-product-saved = { $name } disimpan
common-worker-order-sync = sinkron pesanan dimulai untuk { $shops } (tiap { $seconds } dtk; satu instans menarik, lainnya siaga)
common-worker-poller = pelacak paket dimulai (satu instans bertanya, lainnya siaga)
common-worker-invoicing = faktur otomatis dimulai (satu instans menerbitkan)
common-worker-notices = notifikasi pembeli dimulai (perkembangan pengiriman dikabarkan sekali lewat kanal pembeli atau e-mail)
common-worker-stock-sync-pull-push = sinkron stok ke toko (marketplace dan situs web) dimulai (satu instans mendorong); sinkron produk (tarik dan dorong) tiap hari pada { $window } waktu setempat
common-worker-stock-sync-pull = sinkron stok ke toko (marketplace dan situs web) dimulai (satu instans mendorong); sinkron produk (tarik) tiap hari pada { $window } waktu setempat
common-worker-stock-sync-on-demand = sinkron stok ke toko (marketplace dan situs web) dimulai (satu instans mendorong); sinkron produk hanya saat diminta (tanpa [listings] product_sync_window)
common-demo-not-seeded = basis data sudah berisi data: data demo tidak dimuat (tidak ada yang berubah)
common-demo-seeded = data demo dimuat: { $warehouses } gudang, { $products } produk ({ $variants } varian), { $suppliers } pemasok, { $customers } pelanggan, { $orders } pesanan, { $purchase_orders } pesanan pembelian, { $shipments } paket, { $invoices } faktur
common-sync-report = { $fetched } pesanan dibaca: { $created } baru, { $duplicates } sudah ada ({ $cancelled } dibatalkan, { $updated } diperbarui), { $skipped } dilewati, { $problems } bermasalah

## `orderdeck db status`
common-db-not-initialised = belum diinisialisasi (dibuat saat pertama dipakai)
common-db-running = berjalan (running)
common-db-not-answering = tidak menjawab (mati, atau masih memulai); konsol atau perintah akan memulainya lagi
common-db-stopped = berhenti (stopped; mulai saat diperlukan)
common-db-status = PostgreSQL tertanam: { $state }
    {"  "}klaster:  { $cluster }
    {"  "}soket:    { $socket }
    {"  "}log:      { $log }
    {"  "}program:  { $binaries }
common-db-runs-as = {"  "}berjalan sebagai: { $user } (uid { $uid })
common-db-url = {"  "}url:      { $url }

## Parcels, purchase orders and invoices: the states people read (CLI and console alike)
common-parcel-pending = menunggu
common-parcel-ready-to-pick = menunggu pickup
common-parcel-picked-up = sudah di-pickup
common-parcel-in-transit = dalam perjalanan
common-parcel-out-for-delivery = sedang diantar
common-parcel-delivered = diterima
common-parcel-delivery-failed = gagal diantar
common-parcel-returning = sedang diretur
common-parcel-returned = sudah diretur
common-parcel-cancelled = dibatalkan
common-parcel-lost-or-damaged = hilang/rusak
common-parcel-unknown = tidak diketahui
common-parcel-failed = gagal
common-parcel-lost = hilang
common-parcel-damaged = rusak
common-po-status-draft = draf
common-po-status-confirmed = dikonfirmasi
common-po-status-partially-received = diterima sebagian
common-po-status-received = diterima
common-po-status-cancelled = dibatalkan
common-invoice-no-code-yet = (belum ada)
