# Yang dikatakan tugas dan daftar di konsol (crates/orderdeck-console).
# Nilai `{ $key }` (`{ship}`, `{yes}`, `{invoice}`) adalah nama tombol, diisi sesuai
# tombol yang dipasang pengguna.

## Pengemasan
console-pack-claimed = { $number } diambil untuk dikemas — pindai setiap barang
console-pack-nothing-waiting = tidak ada pesanan yang menunggu dikemas
console-pack-counted = { $sku }: { $packed } dari { $qty }
console-pack-done = { $number } sudah dikemas ✓ — Enter untuk pesanan berikutnya
console-pack-unclaimed = pesanan dikembalikan ke antrean kemas

## Pesanan
console-order-cancelled = { $number } dibatalkan; stoknya tersedia lagi
console-order-line-no-match = baris { $line }: tidak ada yang cocok dengan `{ $typed }`
console-order-line-many = baris { $line }: `{ $typed }` cocok dengan { $count } barang ({ $skus }): tulis lebih spesifik
console-order-created = { $number } dibuat: { $status }, stok direservasi
console-order-created-backordered = { $number } dibuat: menunggu stok ({ $shortages })
console-order-duplicate = sudah diterima sebagai { $number }
console-order-not-editable = { $number } berstatus { $status }: tidak bisa diubah lagi
console-order-not-found = tidak ada pesanan { $number }
console-order-saved = { $number } disimpan (versi { $version }): { $status }
console-order-saved-backordered = { $number } disimpan (versi { $version }): menunggu stok, { $shortages }
console-order-conflict = { $number } diubah oleh { $by } setelah dibuka di sini (versi { $yours } → { $current }): tidak ada yang disimpan; ini pesanan terbarunya — ulangi perubahannya
console-customer-new = { $phone }: pelanggan baru
console-phone-invalid = `{ $phone }` bukan nomor telepon Vietnam

## Pembelian dan stok opname
console-po-nothing-to-draft = tidak ada yang perlu dipesan: semua kekurangan sudah ada di pesanan pembelian yang masih terbuka
console-po-drafted = draf dibuat: { $numbers }
console-po-no-supplier = ; belum ada pemasok untuk { $skus }
console-po-confirmed = { $number } dikonfirmasi
console-po-received = { $number } diterima ({ $status })
console-po-now-ready = ; sekarang siap dikemas: { $numbers }
console-po-cancelled = { $number } dibatalkan
console-po-nothing-expected = tidak ada lagi barang yang ditunggu dari { $number }
console-count-posted = stok opname { $count } diposting: { $adjustments } penyesuaian { $details }

## Data katalog
console-warehouse-saved = gudang { $code } disimpan
console-warehouse-deactivated = gudang { $code } dinonaktifkan
console-warehouse-gone = gudang itu sudah tidak ada
console-product-gone = produk itu sudah tidak ada
console-supplier-gone = pemasok itu sudah tidak ada

## Faktur dan retur
console-invoicing-not-set-up = faktur belum diatur di konsol ini
console-invoice-issued = { $order }: faktur { $invoice } terbit lewat { $provider } — kode otoritas pajak { $code }
console-invoice-issued-recovered = { $order }: faktur { $invoice } terbit lewat { $provider } — kode otoritas pajak { $code } (ditemukan di penyedia: percobaan sebelumnya ternyata berhasil)
console-invoice-replaced = { $order }: faktur pengganti { $invoice } terbit — kode otoritas pajak { $code }
console-bad-offset = zona waktu tidak valid
console-invoice-emailed = faktur { $invoice } untuk { $order } dikirim lewat email ke { $to }
console-invoice-unsure = { $provider } tidak menjawab dengan jelas ({ $cause }); faktur { $order } tetap berstatus diproses dengan transaksi { $uuid }: terbitkan lagi dari pratinjau ({ $key }) — faktur dicari dulu dan tidak akan pernah terbit dua kali
console-invoice-held = { $cause }; hasil percobaan sebelumnya belum diketahui, jadi faktur { $order } tetap berstatus diproses dengan transaksi { $uuid }: nanti terbitkan lagi dari pratinjau ({ $key })
console-return-received = retur { $id } untuk { $order }: { $restocked } kembali ke stok, { $written_off } dihapusbukukan; pesanan { $status }
console-return-refund-recorded = ; pengembalian dana dicatat
console-return-exchange-made = ; pesanan tukar { $number }
console-return-exchange-failed = ; pesanan tukar TIDAK dibuat: { $error }
console-return-invoice-replaced = ; faktur pengganti { $invoice } terbit untuk { $replaced }

## File dan pencetakan
console-cannot-create = tidak bisa membuat { $path }: { $error }
console-cannot-write = tidak bisa menulis { $path }: { $error }
console-cannot-run = tidak bisa menjalankan `{ $command }`: { $error }
console-pdf-written = PDF disimpan di { $path }
console-print-command-empty = perintah cetak kosong
console-label-sent = label { $tracking } dikirim ke `{ $command }` ({ $path })
console-label-print-failed = label disimpan di { $path } — gagal mencetak: { $error }

## Pengiriman
console-shipping-not-set-up = pengiriman belum diatur di konsol ini
console-ship-hint-prepaid = sudah dibayar: tidak ada yang ditagih
console-ship-hint-cod = barang { $goods }; jika pembeli bayar ongkir: { $with_fee }
console-ship-place = { $carrier }: { $problem } (pembeli menulis "{ $written }")
console-ship-question-to = Kirim { $number } ke { $place } lewat { $carrier } { $service }: ongkir { $fee }; pembeli membayar { $at_door }? { $key } = kirim ke kurir, tombol lain = tidak
console-ship-question = Kirim { $number } lewat { $carrier } { $service }: ongkir { $fee }; pembeli membayar { $at_door }? { $key } = kirim ke kurir, tombol lain = tidak
console-ship-check-form = periksa formulir pengiriman
console-ship-shipped = { $number } dikirim lewat { $carrier }: resi { $tracking } (ongkir { $fee }, COD { $cod }) — L mencetak labelnya
console-ship-unsure = { $carrier } tidak menjawab dengan jelas ({ $cause }); pengiriman tetap menunggu dengan kode { $code }: tekan { $key } lagi pada pesanan — paket dicari dulu dan tidak akan pernah dibuat dua kali
console-ship-held = { $cause }; hasil percobaan sebelumnya belum diketahui, jadi pengiriman tetap menunggu dengan kode { $code }: nanti tekan { $key } lagi pada pesanan — paket dicari dulu
console-parcel-cancel-asked = kurir diminta membatalkan { $tracking }
console-parcel-redeliver-asked = kurir diminta mengantar ulang { $tracking }
console-parcel-return-asked = kurir diminta mengembalikan { $tracking } ke toko
console-note-added = catatan ditambahkan ke pesanan { $tracking }
console-shipment-not-found = tidak ada pengiriman { $tracking }
console-cod-received = COD { $amount } untuk { $tracking } dicatat sudah diterima

## Toko marketplace
console-lasting-days = { $days } hari
console-lasting-hours = { $hours } jam { $minutes } menit
console-lasting-minutes = { $minutes } menit
console-shop-gone = toko itu sudah tidak ada
console-shop-not-marketplace = { $name } bukan marketplace: pesanannya dimasukkan di sini, tidak ditarik
console-shop-not-configured = { $platform } belum diatur di konsol ini: tambahkan [channels.{ $code }] ke file konfigurasi
console-shop-configured-for-other = { $platform } diatur untuk toko { $configured }, bukan { $shop }
console-shops-not-set-up = toko marketplace belum diatur di konsol ini
console-buffer-saved = { $buffer } unit per varian ditahan dari toko ini; { $listings } listing-nya mendapat angka baru pada pengiriman stok berikutnya
console-sync-pulled = { $platform }: ditarik — { $report }
console-sync-failed = { $platform }: { $error } (yang sudah ditarik sebelumnya tetap disimpan)
console-shop-reconnected = { $platform }: terhubung lagi — token baru disimpan, berlaku { $lasting }
console-shop-tokens-dead = token yang tersimpan sudah tidak berlaku ({ $error })
console-shop-not-authorised = toko belum diotorisasi
console-shop-authorised = { $platform }: diotorisasi — token baru disimpan, berlaku { $lasting }; tekan s untuk menarik pesanannya sekarang
console-shop-code-rejected = { $error } — kode hanya berlaku sekali dan sebentar: beri izin lagi untuk mendapat kode baru
console-shop-code-failed = { $error }; tidak ada yang disimpan — coba lagi

## Tampilan rinci: label isian (sebaiknya paling banyak 13 karakter: nilainya mulai di kolom 15)
console-field-status = Status
console-field-order = Pesanan
console-field-channel = Kanal
console-field-external-id = ID eksternal
console-field-source = Sumber
console-field-created = Dibuat
console-field-updated = Diperbarui
console-field-name = Nama
console-field-phone = Telepon
console-field-email = Email
console-field-ship-to = Kirim ke
console-field-subtotal = Subtotal
console-field-discount = Diskon
console-field-shipping-fee = Ongkir
console-field-total = Total
console-field-payment = Pembayaran
console-field-category = Kategori
console-field-brand = Merek
console-field-vat-rate = Tarif PPN
console-field-attributes = Atribut
console-field-media = Media
console-field-address = Alamat
console-field-in-charge = PIC
console-field-state = Status
console-field-skus-in-stock = SKU ada stok
console-field-units-on-hand = Stok fisik
console-field-platform = Platform
console-field-shop-id = ID toko
console-field-active = Aktif
console-field-token = Token
console-field-last-sync = Sinkron akhir
console-field-listings = Listing
console-field-stock-buffer = Stok cadangan
console-field-pending = Tertunda
console-field-orders-today = Pesanan hari ini
console-field-provider = Penyedia
console-field-template = Templat
console-field-buyer = Pembeli
console-field-tax-code = Nomor pajak
console-field-tax-authority-code = Kode otoritas
console-field-issued = Terbit
console-field-before-vat = Sebelum PPN
console-field-vat = PPN
console-field-supplier = Pemasok
console-field-contact = Kontak
console-field-lead-time = Waktu pasok
console-field-warehouse = Gudang
console-field-expected = Perkiraan tiba
console-field-open-pos = PO terbuka
console-field-carrier = Kurir
console-field-cod = COD
console-field-fee = Ongkir
console-field-weight = Berat
console-field-product = Produk

## Tampilan rinci: judul
console-heading-buyer = Pembeli
console-heading-lines = Baris
console-heading-money = Uang
console-heading-shipments = Pengiriman
console-heading-note = Catatan
console-heading-totals = Total
console-order-title = Pesanan { $number }
console-order-updated-value = { $time }   versi { $version }
console-order-no-tracking-yet = (belum ada resi)
console-order-timeline = Riwayat ({ $count } kejadian)
console-po-title = Pesanan pembelian { $number }
console-supplier-title = Pemasok { $name }
console-shipment-title = Pengiriman { $tracking }
console-shipment-no-tracking-yet = (belum ada nomor resi)
console-shipment-tracking = Pelacakan ({ $count } kejadian)
console-invoice-title = Faktur { $number }
console-invoice-draft-number = (draf)
console-invoice-template-vat = faktur PPN
console-invoice-template-sales = faktur penjualan
console-warehouse-title = Gudang { $code } — { $name }
console-shop-title = Toko { $code } — { $name }
console-shop-last-error = Error terakhir
console-shop-problems = Pesanan yang belum masuk ({ $count }; dicoba lagi setiap penarikan)
console-shop-problems-more = … dan { $count } lagi (orderdeck channels status)
console-shop-buffer-value = { $units } unit ditahan dari toko
console-shop-pending-value = { $changes } perubahan stok menunggu dikirim
console-product-variants = Varian ({ $count })
console-product-barcode = barcode { $barcode }
console-product-description = Deskripsi
console-product-specs = Spesifikasi
console-stock-ledger-title = Kartu stok { $sku } @ { $warehouse }
console-stock-moves = Mutasi stok, terbaru dulu ({ $count })

## Judul kolom di tampilan rinci (pendek: kolom selebar judul bahasa Inggris ditambah satu spasi)
console-col-sku = SKU
console-col-variant = Varian
console-col-cost = Modal
console-col-price = Harga
console-col-margin = Margin
console-col-margin-pct = Mrg%
console-col-stock = Stok
console-col-reserved = Resv
console-col-item = Barang
console-col-product = Produk
console-col-qty = Jml
console-col-unit-price = Harga satuan
console-col-vat = PPN
console-col-amount = Nilai
console-col-vat-amount = Nilai PPN
console-col-received = Diterima
console-col-rejected = Ditolak
console-col-when = Waktu
console-col-balance = Saldo
console-col-kind = Jenis
console-col-reason = Alasan

## Sel daftar
console-prepaid = lunas
console-payment-method-prepaid = LUNAS
console-never = belum pernah
console-stock-low = MIN
console-warehouse-active = aktif
console-warehouse-inactive = nonaktif
console-platform-website = Situs web
console-platform-manual = Manual
console-shipment-no-tracking-cell = (menunggu)
console-days = { $days } hari
console-days-short = { $days } hr
console-po-late = { $status } TELAT
console-span-seconds = { $seconds }d
console-span-minutes = { $minutes }m
console-span-hours = { $hours }j { $minutes }m
console-span-days = { $days }h { $hours }j
console-span-in = { $span } lagi
console-span-ago = { $span } lalu
console-token-not-connected = belum terhubung
console-token-connected = terhubung
console-token-expired = kedaluwarsa
console-token-ends = habis { $span }
console-token-ok = ok, { $span }
console-token-until = { $state } (sampai { $until })
console-field-buyer-chat = Chat pembeli
console-chat-connected = terhubung: pesan pembeli masuk ke Kotak Masuk, balasan dikirim atas nama toko ini
console-chat-connected-lazada = terhubung hanya untuk membalas: notifikasi pesan baru Lazada tidak tersedia untuk orderdeck, jadi pesan baru pembeli tidak masuk ke sini
console-chat-note-shopee = belum terhubung. Shopee hanya memberi chat penjual kepada aplikasi "Customer Service", yang hanya bisa dibuat mitra pihak ketiga (ISV); ajukan melalui Shopee, lalu atur chat = true di [channels.shopee].
console-chat-note-lazada = belum terhubung. Lazada IM memerlukan aplikasi kategori IM; ajukan melalui Lazada, lalu atur chat = true di [channels.lazada]. Meski begitu notifikasi pesan baru tidak tersedia untuk orderdeck: hanya membalas.
console-chat-note-tiktok = belum terhubung. Customer Service adalah API khusus TikTok Shop yang nonaktif secara bawaan: ajukan melalui Partner Manager atau Account Manager Anda (hanya akun pemilik toko), lalu atur chat = true di [channels.tiktok].

## Status pesanan pembelian

## Status paket

## Status dan jenis faktur elektronik
console-invoice-status-draft = draf
console-invoice-status-issuing = diproses
console-invoice-status-issued = terbit
console-invoice-status-failed = gagal
console-invoice-status-replaced = diganti
console-invoice-status-cancelled = dibatalkan
console-invoice-kind-original = asli
console-invoice-kind-replacement = pengganti
console-invoice-kind-adjustment = penyesuaian

## Status pembayaran
console-payment-unpaid = belum dibayar
console-payment-paid = lunas
console-payment-cod-pending = menunggu COD
console-payment-cod-received = COD diterima
console-payment-refunded = dana dikembalikan
console-payment-partly-refunded = dana kembali sebagian

## Alasan stok berubah
console-move-opening = awal
console-move-receipt = terima
console-move-shipment = kirim
console-move-return = retur
console-move-write-off = hapus buku
console-move-count = opname
console-move-adjustment = penyesuaian
console-move-transfer = transfer

## Marketplace fulfilment (issue 16)
console-handover-title = Kirim { $number } lewat { $platform }
console-handover-note = { $platform } mengatur kurirnya: pilih cara paket diserahkan. Enter untuk mengatur, Esc untuk kembali.
console-handover-note-ship-by = { $platform } mengatur kurirnya; kirim sebelum { $ship_by }. Pilih cara paket diserahkan: Enter untuk mengatur, Esc untuk kembali.
console-handover-pickup = Dijemput { $slot } · { $address }
console-handover-pickup-any = Dijemput di { $address }
console-handover-recommended = {" "}(disarankan)
console-handover-dropoff = Diantar ke { $branch }
console-handover-dropoff-any = Diantar sendiri ke gerai kurir
console-handover-platform = { $platform } memilih kurirnya
console-handover-provider = Kurir: { $provider }
console-tracking-pending = (nomor menyusul)
console-arranged = { $number } diatur dengan { $platform }: { $carrier }, resi { $tracking }
console-awb-later = ; label pengiriman sedang dibuat — tekan L untuk mencetaknya jika sudah siap
console-awb-sent = label pengiriman dikirim ke { $command } ({ $path })
console-awb-not-ready = label pengiriman { $key } belum siap; coba L lagi sebentar lagi
console-mark-first = tandai pesanannya dulu (tombol Space)
console-arranging-many = mengatur dengan { $platform }
console-arranged-many = { $arranged } dari { $total } pesanan diatur dengan { $platform }
console-bulk-line-ok = { $number }: resi { $tracking }
console-cancel-request-accepted = { $number }: pembatalan pembeli diterima; pesanan dibatalkan dan stoknya dilepas
console-cancel-request-accepted-late = { $number }: pembatalan pembeli diterima di platform
console-cancel-request-rejected = { $number }: pembatalan pembeli ditolak; pengemasan dilanjutkan
console-handover-shop-address = alamat penjemputan toko
console-awb-some-later = ; { $count } label pengiriman masih dibuat (L mencetak masing-masing jika sudah siap)
console-handover-ourselves = Kirim sendiri (GHN / Viettel Post); nomor resi dilaporkan ke { $platform }
console-tracking-reported = nomor resi sudah dilaporkan ke { $platform }
console-tracking-not-reported = { $platform } belum menerima nomor resi: { $error }

## lead (stations)
console-ship-by-rule = ; kurir menurut aturan pengiriman { $rule }
console-station-own = { $number }: { $carrier } { $service }, { $kg } kg, ongkir { $fee }; pembeli membayar { $at_door }
console-station-platform = { $number }: { $way }
console-station-no-way = Tidak ada cara kirim untuk { $number }
## cancel
console-cancelling-many = Membatalkan pesanan
console-cancelled-many = { $cancelled } dari { $total } pesanan dibatalkan ({ $numbers })
console-cancel-invoice-adjusted = { $number } dibatalkan; faktur { $invoice } dinolkan dengan faktur penyesuaian { $adjustment }
console-cancel-invoice-owed = { $number } dibatalkan, tetapi faktur { $invoice } masih berlaku: faktur penyesuaiannya belum terbit ({ $why }). Tekan x pada { $number } lagi untuk menerbitkannya
console-field-cancel-reason = Alasan batal
console-field-cancel-invoice = Faktur
console-cancel-page-adjusted = { $invoice } dinolkan dengan { $adjustment }
console-cancel-page-owed = { $invoice } MASIH BERLAKU: faktur penyesuaiannya belum terbit ({ $why }); tekan x untuk menerbitkannya
console-cancel-page-not-sent = belum dikirim
## many
console-label-format-bad = label_format = "{ $given }" di [shipping] bukan pdf atau zpl; pilih salah satu
console-labels-many-progress = Mencetak label
console-labels-line-ok = { $number }: label { $tracking }
console-labels-line-failed = { $number }: { $error }
console-labels-not-shipped = { $number }: belum dikirim, jadi belum ada label (kirim dulu)
console-labels-no-tracking = { $number }: kurir belum memberi nomor resi; belum ada label
console-labels-awb-not-zpl = { $number }: dilewati; label pengiriman { $platform } hanya berupa PDF, sedangkan printer ini memakai ZPL (cetak dengan tombol L)
console-labels-awb-not-ready = { $number }: { $platform } belum selesai membuat label pengirimannya; tekan L pada pesanan ini sebentar lagi
console-labels-many-none = tidak satu pun dari { $total } pesanan punya label untuk dicetak; tidak ada berkas yang ditulis
console-labels-many-sent = { $count } dari { $total } label dalam satu berkas, dikirim ke `{ $command }` ({ $path })
console-labels-many-print-failed = { $count } dari { $total } label disimpan dalam satu berkas, { $path } — gagal mencetak: { $error }
console-pick-line-ok = { $number }: { $units } barang masuk daftar
console-pick-line-partly = { $number }: { $units } dari { $ordered } barang masuk daftar (sisanya belum ada stok)
console-pick-skip-unknown = { $number }: pesanan tidak ada; dilewati
console-pick-skip-packed = { $number }: sudah dikemas; dilewati
console-pick-skip-shipped = { $number }: sudah dikirim; dilewati
console-pick-skip-cancelled = { $number }: dibatalkan; dilewati
console-pick-skip-not-reserved = { $number }: stok belum disisihkan; dilewati
console-pick-none = tidak satu pun dari { $total } pesanan punya barang untuk diambil; daftar tidak dibuat
console-pick-title = Daftar ambil barang
console-pick-made = Dibuat { $at }
console-pick-orders = { $count } pesanan: { $numbers }
console-pick-col-warehouse = Gudang
console-pick-col-bin = Rak
console-pick-col-sku = SKU
console-pick-col-item = Barang
console-pick-col-qty = Jml
console-pick-col-picked = Diambil
console-pick-total = { $units } barang, { $rows } baris
console-pick-page = Halaman { $page }/{ $pages }
console-pick-sent = daftar ambil barang untuk { $orders } pesanan ({ $units } barang) dikirim ke `{ $command }` ({ $path })
console-pick-print-failed = daftar ambil barang untuk { $orders } pesanan disimpan di { $path } — gagal mencetak: { $error }
console-pick-skip-awaiting-stock = { $number }: menunggu stok, belum ada yang disisihkan; dilewati
console-labels-cancelled = { $number }: pesanan dibatalkan, jadi tidak ada label
console-shipping-many = Mengirim pesanan yang ditandai
console-shipped-line = { $number }: terkirim, resi { $tracking }
console-shipped-many = { $shipped } dari { $total } pesanan terkirim
console-pack-resumed = kembali ke { $number }: pindaian tetap tersimpan — pindai sisanya

## lead (storefronts)
console-hooks-refused = { $count } webhook ditolak hari ini
console-hooks-last = webhook { $span }
console-hooks-none = belum ada webhook
console-hooks-detail = { $count } dalam 24 jam; terakhir { $last }
console-field-webhook-path = Alamat webhook
console-field-webhooks = Webhook
console-storefront-not-configured = konfigurasi konsol ini belum punya `[storefronts.{ $code }]`: tambahkan platform, kunci, dan rahasia webhook toko di sana
console-storefront-read = { $platform }: { $listings } varian dibaca, { $matched } cocok dengan milik kita menurut SKU (pesanan datang lewat webhook)
console-storefront-no-consent = { $platform } memakai kunci admin di konfigurasi: tidak ada yang perlu diotorisasi di sini
console-inbox-person-prefix = Staf: 
console-inbox-needs-person = Perlu staf
console-inbox-draft = Ada draf
console-inbox-waiting = Menunggu
console-inbox-assistant = Asisten
console-chat-web = Situs web
console-chat-buyer-unnamed = (tanpa nama)
console-chat-title = { $buyer } di { $channel }
console-field-answered-by = Dijawab oleh
console-chat-thread = Pesan
console-chat-buyer = Pembeli
console-chat-assistant = Asisten
console-chat-assistant-model = Asisten (model bahasa)
console-chat-failed = tidak terkirim: { $reason }
console-chat-order-made = pesanan { $number } dibuat
console-chat-draft = Draf (s mengirim yang pertama, r mengubahnya)
console-chat-no-draft = (tidak ada draf)
console-chat-orders = Pesanannya
console-chat-no-phone = (nomor HP belum diketahui: pesanan pembeli tidak bisa ditampilkan)
console-chat-no-orders = (tidak ada pesanan dengan nomor ini)
console-chat-sent = Terkirim ke pembeli.
console-chat-gone = Percakapan itu sudah tidak ada.
console-chat-taken = Percakapan ini sekarang milik Anda: asisten tidak akan menjawabnya.
console-chat-handed-back = Dikembalikan: asisten menjawab percakapan ini lagi.
console-chat-facts = disebutkan: { $facts }
console-fact-order = pesanan
console-fact-status = status
console-fact-tracking = resi
console-fact-product = produk
console-fact-price = harga
console-fact-available = tersedia
