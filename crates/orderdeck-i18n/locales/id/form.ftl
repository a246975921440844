# Formulir, daftar pilihan, meja kemas, stok opname, dan pesan di konsol.

## The console: messages on the message line
form-scan-placeholder = pindai barcode atau ketik SKU, lalu Enter
form-row-gone = baris ini sudah tidak ada
form-no-such-order = tidak ada pesanan bernomor { $number }
form-db-restored = koneksi database pulih
form-db-restored-reconnecting = koneksi database pulih; pembaruan langsung sedang tersambung ulang
form-db-restored-refreshed = koneksi database pulih; layar sudah diperbarui
form-nothing-done = tidak ada yang dilakukan
form-key-works-in = { $key } ({ $action }) berlaku di { $pane } ({ $number })
form-key-does-nothing = `{ $key }` tidak berfungsi di sini — tekan { $help } untuk semua tombol
form-key-does-nothing-in = { $key } ({ $action }) tidak berfungsi di { $pane }
form-nothing-to-filter = tidak ada yang bisa disaring di sini

## Fields
form-field-too-long = { $field } maksimal { $limit } karakter
form-paste-cut = tempelan dipotong jadi { $limit } karakter

## Stock count station
form-count-started = stok opname { $count } dimulai untuk { $warehouse }: pindai setiap unit di rak
form-counted = { $sku }: { $counted } terhitung

## Forms: saving, closing
form-confirm-deactivate-warehouse = Nonaktifkan gudang { $code }? { "{yes}" } = ya
form-closed-unsaved = ditutup tanpa menyimpan
form-note-empty = tulis sesuatu
form-saving = menyimpan…
form-not-saved = belum disimpan: perbaiki kolom bertanda merah
form-known-customer = pelanggan lama { $name }: data sudah diisi

## Invoices and returns
form-confirm-email-invoice = Kirim faktur { $number } ke e-mail pembeli? { "{yes}" } = kirim
form-not-issued = belum diterbitkan: perbaiki kolom bertanda merah
form-confirm-issue-vat = Terbitkan faktur pajak { $number } ({ $total }) lewat { $provider }? Ini final. { "{yes}" } = terbitkan
form-confirm-issue-sales = Terbitkan faktur penjualan { $number } ({ $total }) lewat { $provider }? Ini final. { "{yes}" } = terbitkan
form-return-refund = , pengembalian dana { $amount } via { $method }
form-return-exchange-same = , tukar dengan barang yang sama
form-return-exchange-lines = , tukar dengan { $count } baris
form-confirm-return = Terima retur { $number }: { $good } baik, { $damaged } rusak{ $refund }{ $exchange }? { "{yes}" } = ya, tombol lain = tidak
form-not-replaced = belum diganti: perbaiki kolom bertanda merah
form-replace-unchanged = { $issued } sudah berisi ini: ubah kolom pembeli untuk menggantinya
form-confirm-replace = Ganti faktur { $issued } untuk { $number } dengan data pembeli yang diperbaiki? { "{yes}" } = terbitkan pengganti

## Shipping: parcels, the ward, the fee
form-select-parcel = pilih paket di daftar Pengiriman atau Masalah (Tab)
form-no-tracking-yet = pengiriman ini belum punya nomor resi
form-confirm-parcel = { $question } { $tracking }? { "{yes}" } = ya, tombol lain = tidak
form-parcel-note-title = Catatan untuk { $tracking }
form-parcel-note-text = Catatan
form-parcel-note-note = { "{save}" } menambahkannya ke riwayat pesanan
form-ship-place-fix-address = { $said } — perbaiki alamat pesanan ({ "{edit}" } di pesanan)
form-ship-ward-title = Kirim { $number } ke kelurahan mana?
form-ship-ward-note = { $said }. Pilih kelurahan; ongkir ditanyakan berikutnya
form-ship-asking-fee = { $ward }: menanyakan ongkir ke kurir…

## Marketplace shops
form-shop-not-pulled = Pesanan { $platform } diinput di sini, tidak ditarik: pilih toko Shopee, Lazada, atau TikTok
form-select-shop = pilih toko dulu
form-shop-pulling-already = { $platform } sedang ditarik
form-shop-reconnecting = { $platform }: menyambung ulang …
form-link-copied = tautan disalin ke clipboard (jika terminal mengizinkan; jika tidak, pilih di layar)
form-no-link = tidak ada tautan untuk disalin: ada di Partner Center
form-buffer-title = Stok cadangan — { $shop }
form-buffer-units = Jumlah
form-buffer-units-hint = 0 atau lebih
form-buffer-note = Semua { $listings } listing toko ini menampilkan stok tersedia dikurangi jumlah ini (minimal 0), agar penjualan di tempat lain tidak membuatnya oversell. { "{save}" } menyimpan.

## Pack station
form-pack-scan-an-item = pindai barang (atau Esc untuk mengembalikan pesanan)
form-pack-already-packed = { $number } sudah dikemas: tekan Enter tanpa mengetik untuk pesanan berikutnya
form-pack-none-claimed = belum ada pesanan diambil: tekan Enter untuk mengambil berikutnya

## Stock count
form-count-select-row = pilih baris dari gudang yang akan di-opname
form-count-left = keluar dari stok opname; tetap terbuka, belum ada yang diposting
form-confirm-post-count = Posting stok opname { $count } sebagai penyesuaian stok? { "{yes}" } = ya

## Forms: what saving does
form-save-saves = { "{save}" } menyimpan

## Products
form-product-new-title = Produk baru
form-product-edit-title = Ubah { $name }
form-product-name = Nama
form-product-category = Kategori
form-product-brand = Merek
form-product-vat = Tarif PPN
form-product-vat-hint = 0, 5, 8, 10, KCT atau KKKNT
form-product-variants = Varian
form-product-variants-hint = maks. 3 baris seperti  Warna: Merah, Biru  — satu varian per kombinasi
form-product-sku-prefix = Prefiks SKU
form-product-sku-prefix-hint = varian mendapat PREFIX-1, PREFIX-2 …
form-product-cost = Harga modal
form-product-price = Harga jual
form-product-opening = Stok awal
form-product-opening-hint = per varian: HN=10, HCM=5
form-product-media = Tautan media
form-product-media-hint = URL gambar atau video, satu per baris
form-product-description = Deskripsi
form-product-specs = Spesifikasi
form-product-new-note = { "{save}" } menyimpan; margin = harga jual − modal
form-product-prices = Harga
form-product-prices-hint = SKU modal jual titik-pesan-ulang, satu varian per baris
form-product-prices-bad-line = `{ $line }`: tulis SKU modal jual titik-pesan-ulang

## Suppliers
form-supplier-new-title = Pemasok baru
form-supplier-edit-title = Ubah pemasok { $name }
form-supplier-name = Nama
form-supplier-contact = Kontak
form-supplier-phone = Telepon
form-supplier-tax-code = Nomor pajak
form-supplier-tax-code-hint = 10 digit, atau 0123456789-001
form-supplier-lead-time = Waktu tunggu
form-supplier-lead-time-hint = hari

## Purchase orders and goods receipts
form-po-new-title = Pesanan pembelian baru
form-po-supplier = Pemasok
form-po-supplier-hint = nama pemasok
form-po-warehouse = Gudang
form-po-warehouse-hint = kode gudang penerima
form-po-expected = Estimasi tiba
form-po-expected-hint = YYYY-MM-DD; kosong: hari ini + waktu tunggu pemasok
form-po-lines = Barang
form-po-lines-hint = SKU jumlah [harga], satu per baris; harga bawaan = harga beli terakhir
form-po-new-note = { "{save}" } menyimpan draf
form-receipt-title = Penerimaan barang { $number }
form-receipt-lines = Diterima
form-receipt-lines-hint = SKU diterima ditolak [alasan], satu per baris
form-receipt-note = ubah sesuai barang yang datang; unit ditolak perlu alasan; { "{save}" } memasukkannya ke stok
form-receipt-whole-numbers = baris { $line }: jumlah harus bilangan bulat
form-receipt-bad-line = baris { $line }: tulis SKU diterima ditolak [alasan]

## Warehouses
form-warehouse-new-title = Gudang baru
form-warehouse-edit-title = Ubah gudang { $code }
form-warehouse-code = Kode
form-warehouse-code-hint = HN, HCM, DN-2 …
form-warehouse-name = Nama
form-warehouse-address = Alamat
form-warehouse-manager = PIC
form-warehouse-manager-hint = penanggung jawab

## Orders: the new-order and edit forms
form-order-new-title = Pesanan baru
form-order-edit-title = Ubah { $number } (versi { $version })
form-order-phone = Telepon
form-order-phone-hint = telepon pembeli: pelanggan lama terisi otomatis
form-order-name = Nama pembeli
form-order-email = E-mail
form-optional = opsional
form-order-address = Alamat
form-order-address-hint = nomor rumah dan jalan
form-order-ward = Kelurahan
form-order-district = Kecamatan
form-order-province = Provinsi
form-order-items = Barang
form-order-items-hint = SKU, barcode atau nama, jumlah, harga — satu per baris
form-order-edit-items-hint = SKU jumlah harga, satu per baris
form-order-shipping-fee = Ongkir
form-order-discount = Diskon
form-order-payment = Pembayaran
form-order-payment-hint = cod atau prepaid
form-order-source = Sumber
form-order-source-hint = phone, facebook, zalo atau other
form-order-note = Catatan
form-order-new-note = { "{save}" } menyimpan; stok langsung dicek dan direservasi
form-order-edit-note = { $status } · { $channel } · { "{save}" } menyimpan; stok dicek ulang
form-item-no-code = ketik SKU, barcode, atau nama
form-item-not-qty = `{ $text }` bukan jumlah
form-item-qty-range = jumlah { $qty } di luar batas
form-item-not-price = `{ $text }` bukan harga
form-not-amount = `{ $text }` bukan nominal
form-line-error = baris { $line }: { $error }

## The invoice preview form
form-invoice-title = Faktur { $number } — { $template } ({ $symbol })
form-invoice-provider = Penyedia
form-invoice-provider-hint = sinvoice atau misa
form-invoice-provider-unknown = sinvoice (Viettel S-Invoice) atau misa (MISA meInvoice)
form-invoice-company = Perusahaan
form-invoice-company-hint = perusahaan pembeli (kosong: perorangan)
form-invoice-tax-code = Nomor pajak
form-invoice-tax-code-hint = MST: 10 digit, atau 0123456789-001
form-invoice-address = Alamat
form-invoice-address-hint = alamat terdaftar perusahaan
form-invoice-email = E-mail
form-invoice-email-hint = tujuan pengiriman faktur
form-invoice-buyer-name = Nama pembeli
form-invoice-buyer-name-hint = orang yang membeli
form-invoice-issued-note = terbit sebagai { $issued }, tak bisa diubah: perbaiki pembeli lalu { "{save}" } menerbitkan pengganti · { "{pdf}" } PDF · P di Faktur menyimpan yang terbit
form-invoice-note = { "{save}" } terbitkan · { "{pdf}" } PDF A4 · { "{template}" } PPN/penjualan · PgUp/PgDn gulir · Esc tutup
form-invoice-preview-title = Pratinjau — seperti saat diterbitkan
form-invoice-preview-issued-title = terbit sebagai { $issued } — pratinjau isinya jika sekarang

## The return form
form-return-title = Retur { $number }
form-return-lines = Barang
form-return-lines-hint = SKU:JML:good atau SKU:JML:damaged, satu per baris
form-return-reason = Alasan
form-return-reason-hint = kenapa dikembalikan
form-return-warehouse = Gudang
form-return-warehouse-hint = kode; kosong = gudang asal kirim
form-return-refund-amount = Dana kembali
form-return-refund-amount-hint = đồng; kosong = tanpa pengembalian dana
form-return-method = Metode
form-return-method-hint = cash, transfer atau channel
form-return-reference = Referensi
form-return-reference-hint = referensi bank atau kanal
form-return-exchange = Tukar
form-return-exchange-hint = no, same, atau SKU:JML, SKU:JML
form-return-note = Semua unit yang bisa diretur tercantum: simpan baris yang kembali, tandai yang rusak. { "{save}" } bertanya dulu sebelum mengubah apa pun
form-return-no-lines = minimal satu baris dikembalikan
form-return-no-reason = isi alasannya
form-return-bad-refund = nominal dalam đồng di atas 0

## The ship form
form-ship-title = Kirim { $number }
form-ship-carrier = Kurir
form-ship-carrier-hint = ghn atau viettelpost
form-ship-service = Layanan
form-ship-service-hint = express atau economy
form-ship-weight = Berat
form-ship-weight-hint = kg
form-ship-size = Ukuran
form-ship-size-hint = P×L×T cm
form-ship-cod = COD
form-ship-cod-hint = đồng yang dibayar pembeli, termasuk ongkir
form-ship-payer = Bayar ongkir
form-ship-payer-hint = seller atau buyer
form-ship-note = Cek barang
form-ship-note-hint = may_try, may_look atau may_not_look
form-ship-ward = Kirim ke
form-ship-ward-hint = diambil dari alamat; kelurahan dipilih di sini jika belum jelas
form-ship-form-note = COD: { $cod }. { "{save}" } menanyakan ongkir ke kurir; konfirmasi dulu sebelum dikirim
form-ship-bad-weight = berat dalam kg, lebih dari 0 dan maksimal 50
form-ship-bad-size = P×L×T dalam cm, masing-masing 1–150, misal 30x20x10
form-ship-bad-cod = nominal dalam đồng, tidak negatif
form-ship-check-fields = periksa kolom-kolomnya

## Pulling a shop's orders; reconnecting a shop
form-sync-said = { $platform } · hal. { $pages } · { $fetched } pesanan dibaca, { $created } baru
form-sync-updated = , { $count } diperbarui
form-sync-problems = , { $count } gagal masuk
form-consent-title = Sambungkan ulang { $platform }
form-consent-code = Kode
form-consent-code-hint = alamat tujuan kembali, atau kodenya saja
form-consent-steps =
    { $platform }: { $why }.
    1. Buka tautan ini di browser dan setujui sebagai penjual ({ "{copy_link}" } menyalinnya):
    { $link }
    2. Tempel alamat tujuan browser (atau kodenya saja) di bawah; { "{save}" } mengotorisasi. Kode hanya berlaku sekali, selama beberapa menit.
form-consent-steps-no-link =
    { $platform }: { $why }.
    1. Di Partner Center, buka tautan otorisasi aplikasi dan setujui sebagai penjual (isi authorize_url di config agar tautan tampil di sini).
    2. Tempel alamat tujuan kembali (atau kodenya saja) di bawah; { "{save}" } mengotorisasi.

## Pick lists
form-picker-title = { $title } — { $shown } dari { $total } · Enter pilih · Esc kembali
form-picker-filter = Saring:
form-picker-no-match = tidak ada yang cocok

## Lists and detail pages
form-list-filter = saring: { $filter }
form-list-loading = memuat…
form-list-above = ▲ { $count } di atas
form-list-above-more = ▲ { $count }+ di atas
form-list-more-above = ▲ masih ada
form-list-more-below = ▼ masih ada
form-list-empty = belum ada apa-apa
form-list-no-match = tidak ada baris yang cocok
form-detail-position = { $back } kembali · { $at }/{ $total }

## Marketplace fulfilment (issue 16)
form-arranging = meminta platform mengatur { $number }: { $how }…
form-marked = { $count } ditandai
form-arranging-many = mengatur pesanan yang ditandai

## lead (stations)
form-pack-left-kept = Keluar dari meja kemas; { $number } tetap milik Anda dengan { $scanned } pindaian: tekan p untuk kembali
form-pack-ship-step-failed = Langkah kirim tidak bisa diisi: { $error } — Tab membuka formulir kirim
form-pack-ship-failed = Belum terkirim: { $error } — Enter coba lagi, Tab membuka formulir kirim
form-scan-looking = Dipindai { $code }: mencari…
form-scan-unknown = Dipindai { $code }: tidak ada pesanan, paket, atau produk dengan kode itu
form-scan-unreadable = Pindaian tidak terbaca: pindai lagi
## cancel
form-cancel-title = Batalkan pesanan { $number }
form-cancel-title-many = Batalkan { $count } pesanan
form-cancel-reason = Alasan
form-cancel-note = Catatan
form-cancel-note-hint = kata-kata Anda; wajib untuk "lainnya"
form-cancelling = Membatalkan…
form-cancelling-many = Membatalkan pesanan
form-cancel-invoice-issued = Faktur PPN { $invoice } sudah terbit: pembatalan akan menerbitkan faktur penyesuaian yang menolkannya (Dekret Vietnam 123/2020 pasal 19, diubah oleh Dekret 70/2025).
form-cancel-invoices-issued = { $count } pesanan ini punya faktur PPN yang sudah terbit ({ $invoices }): masing-masing dinolkan dengan faktur penyesuaian (Dekret Vietnam 123/2020 pasal 19, diubah oleh Dekret 70/2025).
form-cancel-some-refused = { $count } pesanan tidak bisa dibatalkan dan dibiarkan apa adanya: { $why }.
form-cancel-keys = ↑/↓ atau 1–6 memilih alasan, Enter ke catatan; Enter di catatan atau { "{save}" } membatalkan; Esc keluar.
form-select-or-mark = Pilih satu pesanan, atau tandai beberapa dengan Space
form-working-many = Memproses pesanan
form-copied = Disalin { $text }
form-copy-title = Salin kolom mana?
form-copy-note = Enter menyalin ke papan klip (juga lewat SSH)
form-nothing-to-copy = Tidak ada yang dipilih untuk disalin
form-pack-packed = { $number } sudah dikemas ✓
form-return-refundable = Pengembalian dana paling banyak { $amount }.

## lead (storefronts)
form-storefront-reading = membaca varian toko { $platform } …
form-select-conversation = Pilih percakapan terlebih dahulu.
form-reply-empty = Tulis sesuatu untuk dikirim.
form-reply-title = Balas { $buyer }
form-reply-text = Balasan
form-reply-hint = dikirim sesuai yang Anda tulis
form-reply-note = Ctrl-s mengirimnya ke pembeli; Esc menutup tanpa mengirim.
