# Kata dan frasa yang dipakai di seluruh orderdeck.

common-orders-count = { $count } pesanan

## Posisi pesanan: tiga kata penjual (dan dibatalkan, dikembalikan)…
common-stage-new = Baru
common-stage-processing = Diproses
common-stage-completed = Selesai
common-stage-cancelled = Dibatalkan
common-stage-returned = Dikembalikan

## …dan status rinci di sampingnya.
common-status-new = baru
common-status-backordered = menunggu stok
common-status-reserved = direservasi
common-status-packing = sedang dikemas
common-status-packed = sudah dikemas
common-status-shipped = dikirim
common-status-delivered = diterima
common-status-completed = selesai
common-status-cancelled = dibatalkan
common-status-returned = dikembalikan
common-status-partly-returned = retur sebagian

common-yes = ya
common-no = tidak
