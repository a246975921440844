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
