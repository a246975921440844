# Fields of a form: what a value lacks (shown after the field's name)
err-required = wajib diisi
err-not-an-amount = `{ $value }` bukan jumlah uang
err-longer-than = lebih dari { $max } karakter
err-control-character = berisi karakter kontrol ({ $character }): ketik teks saja
err-cannot-be-negative = tidak boleh negatif
err-implausibly-large = terlalu besar untuk masuk akal
err-more-than-2-decimals = lebih dari 2 angka desimal
err-external-id-empty = kosong (hilangkan saja)
err-order-source = harus phone, facebook, zalo atau other
err-phone-not-vietnamese = `{ $phone }` bukan nomor telepon Vietnam (10 digit diawali 0, atau +84…)
err-not-an-email = bukan alamat email
err-payment-cod-or-prepaid = harus cod atau prepaid
err-order-no-lines = pesanan perlu minimal satu baris
err-order-too-many-lines = lebih dari { $max } baris
err-qty-at-least-1 = minimal 1
err-qty-more-than = lebih dari { $max }
err-line-discounts-exceed = diskon baris melebihi jumlah baris
err-discount-over-goods-total = diskon { $discount } melebihi total barang { $subtotal }
err-attribute-shape = `{ $line }`: tulis sebagai Nama: nilai, nilai
err-attribute-empty = `{ $line }`: perlu nama dan minimal satu nilai
err-opening-shape = `{ $part }`: tulis sebagai GUDANG=jumlah
err-opening-units = `{ $part }`: jumlah harus bilangan bulat mulai 0
err-length-1-300 = 1–300 karakter
err-length-1-200 = 1–200 karakter
err-at-most-chars = maksimal { $max } karakter
err-vat-rate-choices = 0, 5, 8, 10, KCT atau KKKNT
err-attributes-at-most-three = maksimal tiga atribut (misalnya warna, ukuran, bahan)
err-too-many-variants = { $count } kombinasi: maksimal 200 varian per produk
err-sku-prefix = huruf, angka, - atau _ (varian menjadi PREFIKS-1, PREFIKS-2 …)
err-not-a-link = `{ $url }` bukan tautan http(s)
err-buffer-empty = ketik berapa unit yang ditahan (0 jika tidak ada)
err-buffer-negative = stok cadangan tidak boleh negatif
err-buffer-too-large = maksimal 100.000 unit
err-buffer-not-whole = `{ $value }` bukan bilangan bulat
err-warehouse-code = 1–16 huruf kapital, angka, - atau _ (misalnya HN, HCM-2)
err-utc-offset = utc_offset `{ $value }` bukan selisih waktu seperti "+07:00"
err-return-line-shape = `{ $line }`: tulis baris retur sebagai SKU:JUMLAH:good atau SKU:JUMLAH:damaged
err-exchange-line-shape = `{ $line }`: tulis baris penukaran sebagai SKU:JUMLAH
err-line-qty-whole = `{ $line }`: jumlah harus bilangan bulat lebih dari 0
err-return-condition = `{ $line }`: kondisi adalah good (baik) atau damaged (rusak), bukan `{ $condition }`
err-line-no-sku = `{ $line }`: tidak ada SKU
err-decimal-mark-disagrees = jumlah uang memakai tanda desimal yang berbeda (`{ $first }` dan `{ $second }`): pilih dengan --decimal comma (1.250.000,00) atau --decimal point (1,250,000.00)
err-is-empty = kosong
err-amount-thousands-groups = `{ $value }`: di sini `{ $mark }` memisahkan ribuan, dalam kelompok tiga digit
err-amount-negative = `{ $value }` bernilai negatif
err-amount-fraction-of-dong = `{ $value }` memiliki pecahan đồng (dibaca dengan `{ $mark }` sebagai tanda desimal): jumlah harus đồng bulat
err-amount-implausibly-large = `{ $value }` terlalu besar untuk masuk akal

# An invoice's buyer
err-invoice-kind-vat = faktur pajak
err-invoice-kind-sales = faktur penjualan
err-buyer-company-required = wajib diisi bila nomor pajak (MST) diberikan (faktur mencantumkan perusahaan pemilik nomor pajak itu)
err-buyer-tax-code-required = wajib diisi: { $kind } untuk perusahaan harus mencantumkan nomor pajak (MST)
err-buyer-address-required = wajib diisi: { $kind } untuk perusahaan harus mencantumkan alamatnya
err-buyer-name-required = wajib diisi: { $kind } perlu pembeli, nama orang atau perusahaan dengan nomor pajaknya
err-too-long-limit = panjangnya { $length } karakter; batasnya { $max }
err-control-characters = berisi karakter kontrol (baris baru, tab)
err-tax-code-zero-sequence = digit 3–9 nomor pajak tidak boleh semuanya nol
err-tax-code-zero-branch-range = 000 bukan cabang: cabang dari 001 sampai 999
err-tax-code-check-digit-should-be = digit pemeriksa (digit ke-10) seharusnya { $expected }, bukan { $actual }: periksa apakah ada salah ketik
err-tax-code-impossible-start = tidak ada nomor pajak yang diawali { $start }: digit pemeriksanya akan menjadi 10
err-tax-code-contains = berisi `{ $character }`; nomor pajak terdiri dari 10 digit, atau 10 digit, tanda hubung dan 3 digit cabang (0123456789-001)
err-tax-code-13-digits = berisi 13 digit tanpa tanda hubung; tulis cabang setelah tanda hubung: { $written }
err-tax-code-digit-count = berisi { $count } digit; nomor pajak terdiri dari 10 digit, atau 10 digit, tanda hubung dan 3 digit cabang (0123456789-001)
err-tax-code-digits-before-dash = berisi { $count } digit sebelum tanda hubung; perlu 10
err-tax-code-branch-digits = cabang setelah tanda hubung berisi { $count } digit; perlu 3 (001–999)
err-tax-code-dashes = berisi lebih dari satu tanda hubung; nomor pajak terdiri dari 10 digit, atau 10 digit, tanda hubung dan 3 digit cabang (0123456789-001)
err-email-one-only = berikan satu alamat saja (MISA hanya menerima satu alamat)
err-email-spaces = alamat email tidak boleh berisi spasi
err-email-no-at = `{ $email }` tidak memiliki @; alamat email berbentuk an@example.vn
err-email-two-at = alamat email hanya memiliki tepat satu @
err-email-nothing-before-at = tidak ada apa pun sebelum @; alamat email berbentuk an@example.vn
err-email-domain = `{ $domain }` setelah @ bukan domain seperti example.vn

# Tax codes, VAT rates, invoice symbols and lines
err-tax-code-shape = nomor pajak terdiri dari 10 digit, atau 10 digit, tanda hubung dan 3 digit cabang (0123456789-001)
err-tax-code-check-digit = digit pemeriksa (ke-10) nomor pajak { $code } salah
err-tax-code-zero-branch = 000 bukan cabang
err-unknown-order-status = status pesanan `{ $status }` tidak dikenal
err-words-negative = jumlah dalam huruf tidak boleh negatif ({ $amount })
err-words-fraction = jumlah dalam huruf harus đồng bulat ({ $amount } memiliki pecahan)
err-words-too-large = { $amount } terlalu besar untuk ditulis dengan huruf
err-vat-rate-unknown = `{ $rate }` bukan tarif PPN: gunakan 0, 5, 8, 10, KCT atau KKKNT
err-vat-rate-other = tarif lain (`{ $rate }`, KHAC:x% milik MISA) tidak didukung: gunakan 0, 5, 8, 10, KCT atau KKKNT
err-invoice-line-qty = jumlah minimal 1, bukan { $qty }
err-invoice-line-negative-price = harga satuan tidak boleh negatif ({ $price })
err-invoice-line-overflow = jumlahnya terlalu besar untuk dihitung
err-invoice-no-lines = faktur perlu minimal satu baris
err-invoice-line = baris { $line }: { $error }
err-invoice-total-overflow = total faktur terlalu besar untuk dihitung
err-symbol-length = simbol faktur terdiri dari 7 karakter (nomor templat, C atau K, 2 digit tahun, huruf jenis, 2 huruf, mis. 1C26TAA); `{ $symbol }` berisi { $count }
err-symbol-template = karakter ke-1 adalah nomor templat, 1 (faktur pajak) atau 2 (faktur penjualan), bukan `{ $character }`
err-symbol-other-template = orderdeck tidak menerbitkan templat { $template } ({ $meaning }): gunakan 1 (faktur pajak) atau 2 (faktur penjualan)
err-symbol-code-letter = karakter ke-2 adalah C (dengan kode otoritas pajak) atau K (tanpa kode), bukan `{ $character }`
err-symbol-year = karakter 3–4 adalah dua digit terakhir tahun terbit, bukan `{ $year }`
err-symbol-form = karakter ke-5 adalah jenis faktur (T, D, L, M, N, B, G atau H), bukan `{ $character }`
err-symbol-form-template = jenis { $form } ({ $meaning }) milik templat { $needs }, bukan templat { $template }
err-symbol-letters = dua karakter terakhir adalah huruf kapital A–Z pilihan penjual, bukan `{ $letters }`
err-symbol-year-range = tahun { $year } tidak bisa masuk ke simbol faktur (2000–2099)
err-symbol-wrong-year = simbol ini untuk tahun { $symbol }, tetapi faktur diterbitkan pada { $issued }

# Addresses a carrier's list of places cannot settle
err-place-within = {" "}di { $place }
err-place-written-unlike = { $level } "{ $written }"{ $within } ditulis berbeda dari { $listed }: mohon konfirmasi
err-place-fits-many = { $level } "{ $written }"{ $within } cocok dengan { $count } tempat
err-place-missing = alamat tidak memiliki { $level }{ $within }
err-place-none = tidak ada { $level } "{ $written }"{ $within }
err-level-province = provinsi
err-level-district = kecamatan
err-level-ward = kelurahan

# Roles and what each may do
err-unknown-role = peran { $role } tidak dikenal: packer, support, manager atau admin
err-role-may-not = peran ini ({ $role }) tidak boleh { $what }: perlu { $least } ke atas
err-duty-pack = mengemas dan mengirim
err-duty-receive-goods = menerima barang
err-duty-edit-orders = membuat, mengubah atau membatalkan pesanan
err-duty-handle-parcels = menangani kendala pengiriman
err-duty-invoice = menerbitkan atau mengganti faktur
err-duty-refund = menerima retur atau pengembalian dana
err-duty-draft-purchases = menyusun pesanan pembelian (PO)
err-duty-purchase = mengonfirmasi atau membatalkan pesanan pembelian (PO)
err-duty-adjust-stock = melakukan stok opname atau menyesuaikan stok
err-duty-reconcile-cod = merekonsiliasi uang COD (bayar di tempat)
err-duty-edit-catalog = mengubah produk, gudang atau pemasok
err-duty-channels = mengelola toko marketplace
err-duty-people = mengelola pengguna dan peran
err-duty-answer-buyers = membalas pesan pembeli

# Orders: finding, editing, cancelling
err-no-order = tidak ada pesanan { $number }
err-order-conflict = pesanan { $number } sudah diubah oleh { $by } sejak dibuka (versi { $yours } → { $current }); tidak ada yang disimpan — pesanan sudah dimuat ulang, silakan ubah lagi
err-order-wrong-state = pesanan { $number } berstatus { $status }: { $what } tidak bisa dilakukan lagi
err-what-cancelling = pembatalan
err-what-this-edit = perubahan ini
err-someone = orang lain
err-must-be-1-200-chars = harus 1–200 karakter
err-phone-not-vietnamese-short = `{ $phone }` bukan nomor telepon Vietnam
err-order-edit-no-lines = pesanan perlu minimal satu baris (batalkan saja bila tidak)
err-qty-range = harus 1–{ $max }
err-unknown-sku = SKU `{ $sku }` tidak dikenal

# Packing
err-pack-scan-something = pindai barcode atau ketik SKU
err-pack-order-gone = pesanan itu sudah tidak ada
err-pack-already-packed = pesanan { $number } sudah dikemas
err-pack-packed-by-other = pesanan { $number } sedang dikemas oleh { $station }
err-pack-not-here = pesanan { $number } berstatus { $status }, tidak sedang dikemas di sini
err-pack-not-in-order = `{ $code }` tidak ada di pesanan { $number }: kembalikan ke tempatnya
err-pack-one-too-many = kelebihan satu { $sku }: pesanan { $number } hanya perlu { $qty }

# Stock counts
err-no-active-warehouse = tidak ada gudang aktif { $warehouse }
err-count-nothing = tidak ada yang perlu diopname di sana
err-count-qty-range = jumlah antara -10.000 dan 10.000, bukan 0
err-count-not-in-count = `{ $code }` tidak ada di stok opname ini (atau stok opname sudah ditutup, atau jumlahnya akan di bawah nol)
err-no-stock-count = tidak ada stok opname { $count }
err-stock-count-status = stok opname { $count } berstatus { $status }
err-count-below-reserved = { $sku } terhitung { $counted } tetapi { $reserved } direservasi
err-count-not-posted = tidak dibukukan: { $lines }

# Shipping
err-ship-not-packed = pesanan { $number } berstatus { $status }: hanya pesanan yang sudah dikemas yang bisa dikirim
err-ship-already-shipped = pesanan { $number } sudah punya pengiriman { $tracking } dengan { $carrier }
err-ship-unsure = { $carrier } tidak menjawab dengan jelas ({ $cause }); pengiriman disimpan sebagai tertunda dengan kode { $code }: jalankan lagi perintah yang sama — paket dicari dulu dan tidak akan dibuat dua kali
err-ship-held = { $cause }; hasil percobaan sebelumnya belum diketahui, jadi pengiriman tetap tertunda dengan kode { $code }: jalankan lagi perintah yang sama — paket dicari dulu dan tidak akan dibuat dua kali
err-ship-place = { $carrier } tidak bisa menerima alamat penerima ("{ $written }"): { $problem }; tidak ada yang dikirim
err-ship-no-lines = pesanan { $number } tidak punya baris: tidak ada yang dikirim
err-ship-weight = berat harus antara 1 g dan 50 kg (tertulis { $weight } g)
err-ship-size = setiap sisi harus antara 1 dan 150 cm (tertulis { $size })
err-ship-receiver-incomplete = pesanan { $number } belum berisi nama, telepon atau alamat jalan penerima
err-ship-sender-not-set = pengirim belum diatur: isi nama, telepon dan alamat di bagian [shipping.sender] pada file konfigurasi
err-ship-no-such-ward = daftar tempat { $carrier } tidak memiliki kelurahan { $ward }
err-quantity-too-large = jumlah terlalu besar

# Returns and refunds
err-return-no-lines = retur perlu minimal satu baris
err-return-reason = isi alasan retur (maksimal 500 karakter)
err-sku-not-in-order = { $sku } tidak ada di pesanan { $number }
err-return-too-many = { $sku }: diminta kembali { $want }, tetapi dari { $qty } yang diterima hanya { $left } yang belum diretur
err-refund-not-positive = pengembalian dana harus lebih dari 0
err-refund-method = metode pengembalian dana `{ $method }`: gunakan cash (tunai), transfer atau channel (lewat kanal penjualan)
err-refund-too-much = pengembalian dana { $amount } melebihi yang sudah dibayar dan belum dikembalikan ({ $left })
err-exchange-no-lines = penukaran perlu minimal satu baris
err-exchange-no-manual-channel = pesanan penukaran adalah pesanan manual, dan tidak ada kanal manual yang aktif
err-return-not-delivered = pesanan { $number } berstatus { $status }: hanya barang yang sudah diterima yang bisa diretur
err-return-all-back = semua barang pesanan { $number } sudah kembali

# Purchase orders and receiving goods
err-po-no-warehouse = tidak ada gudang aktif untuk menerima barang
err-no-po = tidak ada pesanan pembelian { $number }
err-po-confirm-not-draft = { $number } berstatus { $status }; hanya draf yang bisa dikonfirmasi
err-po-cannot-cancel = { $number } berstatus { $status }: tidak bisa dibatalkan
err-po-confirm-first = { $number } berstatus { $status }: konfirmasi dulu sebelum menerima barang
err-po-sku-not-on = { $sku } tidak ada di { $number }
err-po-negative-qty = { $sku }: jumlah tidak boleh negatif
err-po-too-many-received = { $sku }: diterima { $received } tetapi hanya { $expected } yang masih ditunggu
err-po-say-why-rejected = { $sku }: sebutkan alasan { $rejected } ditolak
err-po-nothing-to-receive = tidak ada barang untuk diterima

# ---- store, app services and provider adapters ----

# The database and the embedded server
err-database = basis data: { $detail }
err-migrations = migrasi: { $detail }
err-embedded = PostgreSQL bawaan: { $detail }
err-schema-too-new = skema basis data ada di versi { $found }, lebih baru dari yang dikenal orderdeck ini ({ $known }); perbarui orderdeck sebelum memakai basis data ini (tidak ada yang diubah)
err-needs-migrating = skema basis data ada di versi { $found } dan orderdeck ini perlu { $known }: pemilik basis data (seorang admin) menjalankan `orderdeck migrate` sekali; tidak ada yang diubah
err-bad-database-url = URL basis data tidak valid { $url }: { $message }
err-database-unreachable = tidak bisa terhubung ke basis data di { $url }: { $reason }
err-embedded-task-failed = tugas menyalakan server bawaan gagal: { $error }
err-no-answer-10s = tidak ada jawaban dalam 10 detik
err-pg-binaries-not-found = program server PostgreSQL (initdb, pg_ctl, postgres) tidak ditemukan di bindir pg_config, di PATH atau di /usr/lib/postgresql/*/bin. Pasang dulu (Debian/Ubuntu: `apt-get install postgresql`; Fedora: `dnf install postgresql-server`; macOS: `brew install postgresql`) atau arahkan orderdeck ke server dengan --database-url
err-command-failed = { $what } gagal: { $detail }
err-no-service-user = berjalan sebagai root, tetapi tidak ada pengguna tanpa hak khusus (orderdeck, postgres atau nobody) untuk menjalankan PostgreSQL
err-embedded-not-ready = PostgreSQL bawaan belum siap dalam { $within }; lihat { $log }
err-with-server-log =
    { $detail }
    log server: { $log }

# E-invoices: drafting, issuing, PDFs, corrections
err-invoice-cannot-be-made =
    faktur tidak dapat dibuat:
    { $problems }
err-invoicing-symbol = simbol faktur `{ $symbol }`: { $error }
err-invoice-cannot-be-issued =
    faktur untuk pesanan { $order } tidak dapat diterbitkan:
    { $problems }
err-invoice-already-issued = pesanan { $order } sudah punya faktur { $number } (simbol { $series }, { $provider }): faktur yang sudah terbit tidak pernah diubah — untuk mengubahnya, terbitkan faktur pengganti
err-invoice-issuing-elsewhere = pesanan { $order } punya faktur yang sedang diterbitkan lewat { $provider }: jalankan lagi perintahnya dengan --provider { $provider } untuk menyelesaikannya (faktur kedua tidak akan dibuat)
err-invoice-unsure = { $provider } tidak menjawab dengan jelas ({ $cause }); faktur pesanan { $order } tetap berstatus sedang diterbitkan dengan transaksi { $uuid }: jalankan lagi perintah yang sama — faktur dicari dulu dan tidak akan diterbitkan dua kali
err-invoice-held = { $cause }; hasil percobaan sebelumnya belum diketahui, jadi faktur pesanan { $order } tetap berstatus sedang diterbitkan dengan transaksi { $uuid }: jalankan lagi perintah yang sama — faktur dicari dulu dan tidak akan diterbitkan dua kali
err-order-says = pesanan { $order }: { $message }
err-invoice-line-config = baris faktur { $line }: { $error }
err-total-in-words = total dalam huruf: { $error }
err-invoice-corrects-unissued = baris faktur { $id } mengoreksi faktur yang tidak pernah diterbitkan
err-invoice-seller-not-set = penjual belum diatur: isi seller_name, seller_tax_code dan seller_address di bagian [invoicing] pada file konfigurasi
err-auto-provider = invoicing.auto_provider = `{ $code }`: gunakan sinvoice atau misa
err-auto-template = invoicing.auto_template = `{ $template }`: gunakan vat atau sales
err-pdf-no-invoice = belum punya faktur: terbitkan dengan `orderdeck invoice issue`
err-pdf-not-issued = fakturnya berstatus { $status }, belum terbit: PDF belum ada
err-pdf-no-provider = PDF fakturnya belum diambil dari penyedia, dan tidak ada penyedia yang dikonfigurasi untuk mengambilnya sekarang
err-pdf-not-sent = PDF fakturnya tidak tersimpan dan { $provider } tidak bisa mengirimnya: { $error }
err-pdf-empty = { $provider } mengirim PDF kosong
err-return-ref = retur { $id }
err-return-not-received = retur { $id } berstatus { $status }: hanya barang yang sudah diterima yang mengubah faktur
err-return-already-replaced = retur { $id } dari pesanan { $order } sudah punya faktur pengganti { $number }
err-replace-say-why = tulis alasan faktur diganti (--reason): alasan ini dikirim ke penyedia
err-nothing-to-replace = pesanan { $order } belum punya faktur terbit untuk diganti: terbitkan faktur saja
err-invoice-unknown-provider-named = faktur { $id }: penyedia { $provider } tidak dikenal
err-invoice-unknown-provider = faktur { $id }: penyedia tidak dikenal
err-invoice-unknown-template = faktur { $id }: templat tidak dikenal
err-replacement-no-lines = semua barang di faktur { $invoice } sudah kembali: faktur pengganti tidak akan punya baris
err-invoice-being-replaced = pesanan { $order }: fakturnya sudah sedang diganti (di stasiun lain, atau percobaan sebelumnya); jalankan lagi untuk melihatnya selesai
err-mail-no-invoice = pesanan { $order } belum punya faktur terbit: terbitkan dengan `orderdeck invoice issue`
err-mail-no-pdf = pesanan { $order }: PDF faktur { $invoice } tidak tersimpan: `orderdeck invoice pdf { $order } --out FILE` mengambilnya dari penyedia dan menyimpannya
err-mail-no-recipient = pesanan { $order }: pembeli tidak punya alamat e-mail: gunakan --to
err-mail-bad-recipient = pesanan { $order }: "{ $address }" bukan alamat e-mail
err-mail-not-sent = pesanan { $order }: faktur tidak terkirim: { $error }
err-mail-not-recorded = pesanan { $order }: faktur { $invoice } sudah dikirim ke { $to }, tetapi gagal dicatat di riwayat pesanan: { $error }
err-mail-not-built = pesan tidak dapat disusun: { $error }

# Carriers' lists of places
err-places-no-list = { $carrier } menerima nama tempat, tidak punya daftar tempat untuk diambil
err-places-empty = { $carrier } mengirim daftar tempat kosong; daftar yang tersimpan (jika ada) tetap dipakai
err-places-fetch = tidak bisa mengambil daftar tempat { $carrier }: { $cause }

# Sales channels: pulling orders, shops
err-no-channel-id = tidak ada kanal penjualan aktif dengan id { $id }
err-channel-busy = { $channel } sedang ditarik (oleh worker atau konsol lain); pesanannya masuk setelah penarikan itu selesai
err-channel-wrong-kind = kanal penjualan { $code } adalah kanal { $kind }; klien ini untuk { $expected }
err-channel-status-unknown = status { $channel } `{ $status }` tidak dikenal: tidak ada yang dimasukkan
err-channel-no-phone = tidak ada nomor telepon pembeli yang bisa dipakai (`{ $phone }`): mungkin { $channel } menyembunyikannya
err-channel-no-buyer-name = tidak ada nama pembeli
err-channel-no-lines = tidak ada baris
err-channel-line-no-sku = baris `{ $line }` tidak punya SKU penjual di { $channel }: isi SKU kita pada listing-nya

# Sealed shop tokens
err-secret-wrong-key = token yang tersimpan disegel dengan kunci lain dari kunci mesin ini: isi ORDERDECK_SECRET_KEY dengan kunci mesin yang mengotorisasi toko (atau otorisasi lagi di sini)
err-secret-damaged = nilai yang disegel rusak: otorisasi toko lagi
err-secret-bad-key = kunci rahasia harus 32 byte dalam base64 (seperti secret.key di direktori data)
err-secret-no-key = token yang tersimpan disegel tetapi proses ini tidak punya kunci: isi ORDERDECK_SECRET_KEY

# People and their logins
err-bad-login = { $login } bukan nama login: 1 sampai 63 huruf kecil, angka, '_', '.' atau '-', diawali huruf (nama berawalan orderdeck_ atau pg_ milik server)
err-login-taken = { $login } sudah dipakai: pilih nama login lain
err-short-password = kata sandi minimal 8 karakter
err-people-admin-only = hanya admin yang boleh mengelola orang ({ $detail })
err-full-name = nama lengkap hanya boleh teks (tanpa karakter kontrol), paling banyak 200 karakter

# Catalogue CSV import
err-csv-bad-rows =
    tidak ada yang diimpor; { $count } baris bermasalah:
    { $rows }
err-csv-line = {"  "}baris { $line }: { $problem }
err-csv-implausibly-large = { $column } `{ $value }` terlalu besar untuk masuk akal
err-csv-column = { $column }: { $problem }
err-csv-vat-rate = vat_rate `{ $value }` harus 0, 5, 8, 10, KCT atau KKKNT
err-csv-header = baris judul harus `{ $expected }`, tertulis `{ $found }`
err-csv-unreadable-header = baris judul tidak terbaca: { $error }
err-csv-unreadable = tidak terbaca: { $error }
err-csv-field-count = { $found } kolom, seharusnya { $expected }
err-csv-product-name = nama produk kosong atau lebih dari 300 karakter
err-csv-sku = sku `{ $sku }` harus 1–64 karakter tanpa spasi
err-csv-attr-pair = attr{ $n } dan value{ $n } harus diisi bersama
err-csv-opening-stock = opening_stock `{ $value }` harus bilangan bulat mulai 0
err-csv-opening-needs-warehouse = opening_stock perlu gudang
err-csv-control-character = { $column } berisi karakter kontrol ({ $character }): hanya teks
err-csv-attributes-differ = produk `{ $product }` punya atribut { $here } di sini tetapi { $there } di baris { $line }
err-csv-sku-other-variant = sku { $sku } sudah menjadi varian lain di baris { $line }
err-csv-sku-warehouse-repeat = sku { $sku } dan gudang mengulang baris { $line }
err-csv-variant-taken = produk `{ $product }` sudah punya varian { $values }
err-csv-barcode-twice = barcode { $barcode } juga milik SKU { $sku }
err-csv-sku-exists = sku { $sku } sudah ada
err-csv-barcode-taken = barcode { $barcode } sudah milik SKU lain
err-csv-no-warehouse = tidak ada gudang aktif `{ $warehouse }`

# Taking orders in, importing files
err-import-order = pesanan ke-{ $index } ({ $what }): { $source }; tidak ada yang diimpor
err-order-not-valid =
    pesanan tidak valid:
    { $problems }
err-intake-no-outcome = penerimaan pesanan tidak memberi hasil
err-intake-unknown-channel = kanal penjualan `{ $channel }` tidak dikenal; yang dikenal: { $known }
err-intake-unknown-warehouse = gudang `{ $warehouse }` tidak dikenal
err-intake-queue-stopped = antrean penerimaan pesanan sudah berhenti

# Listings and stock on the marketplaces
err-sync-window = `{ $window }` bukan rentang waktu seperti "01:00-05:00"
err-sync-window-empty = `{ $window }`: rentang waktunya kosong
err-listings-too-many-pages = berhenti setelah { $pages } halaman listing
err-listing-no-price = belum ada harga jual
err-listing-no-category = belum ada kategori { $channel } untuk produk di { $category }: isi category_id (atau categories) di { $section }
err-listing-no-image = tidak ada gambar yang bisa diterima { $channel }: isi images di { $section }
err-listing-no-weight = belum ada berat: isi pada varian, atau weight_grams di { $section }
err-no-variant-sku = tidak ada varian dengan SKU { $sku }
err-listing-not-found-either = { $error }; dicari juga tidak ketemu: { $again }
err-listing-not-tried = tidak dicoba: { $error }
err-stock-held-back = { $channel }: ditahan { $seconds } detik karena batas kecepatan sebelumnya
err-stock-no-result = { $channel }: tidak ada hasil untuk { $sku }

# Parcels after shipping: tracking, notes, COD money
err-shipment-no-tracking = pengiriman { $code } belum punya nomor resi
err-unknown-carrier = kurir { $carrier } tidak dikenal
err-note-length = catatan harus 1 sampai 2000 karakter
err-amount-cannot-be-negative = jumlah uang tidak boleh negatif
err-cod-already-recorded = uang COD untuk { $parcel } sudah dicatat
err-remit-amount = jumlah { $error }
err-remit-date = tanggal harus YYYY-MM-DD atau DD/MM/YYYY
err-remit-no-tracking = tidak ada nomor resi

# Background work, products, checks
err-shop-not-authorised = { $channel }: toko belum diotorisasi (belum ada token tersimpan); pesanannya tidak ditarik sampai diotorisasi
err-stock-sync-no-shop = sinkronisasi stok: tidak ada toko marketplace yang bisa dibuka
err-stock-sync-not-started = sinkronisasi stok TIDAK berjalan: { $error }
err-check-shop-not-authorised = sudah dikonfigurasi, tetapi toko belum diotorisasi: `orderdeck channels link { $channel }`, lalu `channels connect { $channel } --code …`
err-product-sku-exists = SKU { $skus } sudah ada
err-reorder-negative = { $sku }: titik pemesanan ulang tidak boleh negatif
err-not-a-variant-of-product = { $sku } bukan varian produk ini
err-prices-negative = { $sku }: harga tidak boleh negatif

# The config file and environment
err-config-read = tidak bisa membaca file konfigurasi { $path }: { $source }
err-config-file = file konfigurasi { $path }: { $message }
err-config-env = variabel lingkungan { $var }: { $message }
err-config-language = bahasa `{ $code }` tidak tersedia di orderdeck: gunakan "vi", "id" atau "en"
err-config-currency = mata uang `{ $code }` tidak ditampilkan orderdeck: gunakan "VND" atau "IDR"
err-config-line = baris { $line }: { $problem }
err-config-empty-key = kunci kosong
err-config-not-a-table = `{ $key }` bukan tabel

# Sending e-mail
err-mail-not-set-up = e-mail belum diatur: tambahkan [smtp] dengan host dan from (serta username, password) ke file konfigurasi, atau ORDERDECK_SMTP__HOST, ORDERDECK_SMTP__FROM, …
err-mail-config = [smtp] di konfigurasi: { $problem }
err-mail-connect = tidak bisa terhubung ke server surat { $server }: { $cause }
err-mail-timeout = server surat { $server } tidak menjawab dalam { $within }
err-mail-auth = server surat { $server } menolak login { $username }, menjawab: “{ $reply }”
err-mail-auth-required = server surat { $server } meminta login: isi smtp.username dan smtp.password
err-mail-tls = TLS dengan server surat { $server } gagal: { $cause }
err-mail-refused = server surat { $server } menolak pesan, menjawab: “{ $reply }”
err-mail-deferred = server surat { $server } belum bisa menerima pesan sekarang (coba lagi nanti), menjawab: “{ $reply }”
err-mail-other = pengiriman lewat server surat { $server } gagal: { $cause }
err-smtp-host-empty = `smtp.host` kosong: tulis nama server surat, misalnya smtp.example.vn
err-smtp-password-without-username = `smtp.password` sudah diisi tetapi `smtp.username` belum
err-smtp-timeout-zero = `smtp.timeout_secs` minimal 1
err-smtp-address-empty = `{ $key }` kosong: tulis alamat seperti "Shop Ánh Dương <hoadon@example.vn>"
err-smtp-not-an-address = `{ $key }` = "{ $value }" bukan alamat e-mail: tulis sebagai user@domain atau "Shop Ánh Dương <hoadon@example.vn>"
err-smtp-connection-refused = koneksi ditolak (apakah server berjalan, dan apakah smtp.port benar?)
err-smtp-security-none = security = "none" akan mengirim kata sandi tanpa enkripsi ke { $host }: gunakan "starttls" atau "tls" ("none" untuk relay di mesin ini)
err-smtp-no-noop = server tidak menjawab NOOP
err-no-answer-in-time = tidak ada jawaban tepat waktu

# Carriers, e-invoice providers and marketplaces: what they answered. A provider's own words (free text) stay as it wrote them, in quotes, so a reader knows they are its words.
err-carrier-refused = { $carrier } menolak, menjawab: “{ $message }”
err-provider-auth = { $provider } tidak menerima kredensial kita, menjawab: “{ $message }”
err-provider-rate-limited = { $provider } meminta kita memperlambat (HTTP 429); coba lagi dalam { $seconds } detik
err-provider-timeout = { $provider } tidak menjawab tepat waktu
err-provider-unavailable = { $provider } sedang tidak tersedia (HTTP { $status })
err-provider-malformed = { $provider } mengirim jawaban yang tidak bisa dibaca: { $detail }
err-provider-network = tidak bisa menghubungi { $provider }: { $detail }
err-provider-not-configured = { $provider } belum dikonfigurasi: { $detail }
err-carrier-not-asked = { $carrier } tidak dihubungi: { $detail }
err-invoice-provider-refused = { $provider } menolak, menjawab: “{ $message }”
err-invoice-provider-refused-code = { $provider } menolak ({ $code }), menjawab: “{ $message }”
err-channel-token-expired = { $channel }: access token sudah kedaluwarsa (“{ $message }”)
err-channel-rate-limited = { $channel } meminta kita memperlambat; coba lagi dalam { $seconds } detik
err-channel-refused = { $channel } menolak ({ $code }), menjawab: “{ $message }”
err-channel-refused-ours = { $channel } tidak menerima ({ $code }): { $message }
err-channel-refused-param = { $channel } menolak ({ $code }): permintaan berisi nilai yang tidak diterima — “{ $message }”
err-channel-refused-not-found = { $channel } menolak ({ $code }): listing tidak ditemukan — “{ $message }”
err-channel-tokens-not-saved = { $channel } menerbitkan token baru yang tidak bisa disimpan ({ $detail }); token itu berlaku sampai program ini berhenti, setelah itu toko harus diotorisasi lagi

## Marketplace fulfilment (issue 16)
err-tracking-taken = nomor resi { $tracking } sudah milik pengiriman lain
err-fulfil-not-marketplace = pesanan { $number } bukan pesanan marketplace: kirim dengan GHN atau Viettel Post
err-fulfil-wrong-shop = pesanan { $number } adalah pesanan { $platform }
err-fulfil-no-external-id = pesanan { $number } tidak punya nomor pesanan platform, jadi platform tidak bisa mengirimnya
err-fulfil-cancel-requested = pembeli meminta pembatalan pesanan { $number } ({ $reason }): terima atau tolak permintaan itu sebelum mengirim
err-fulfil-unsure = { $platform } tidak menjawab dengan jelas ({ $cause }); pengiriman disimpan sebagai sudah diminta: tekan S lagi — { $platform } diperiksa dulu dan pengiriman tidak pernah diatur dua kali
err-fulfil-mixed-shops = pesanan yang ditandai berasal dari toko berbeda atau kurir kita sendiri: atur pesanan satu toko sekaligus
err-fulfil-no-answer = tidak ada jawaban dari { $platform } untuk pesanan ini; disimpan sebagai sudah diminta dan akan diperiksa lagi
err-fulfil-no-cancel-request = pesanan { $number } tidak punya permintaan pembatalan yang menunggu
err-pack-cancel-requested = berhenti: pembeli meminta pembatalan pesanan { $number } ({ $reason }). Terima (a) atau tolak (r) permintaan itu dulu
err-fulfil-split = { $platform } memecah pesanan { $number } menjadi beberapa paket; orderdeck mengirim satu paket per pesanan: atur paket-paketnya di Seller Center { $platform }
## cancel
err-cancel-reason-unknown = "{ $code }" bukan alasan pembatalan; gunakan salah satu: { $codes }
err-cancel-note-required = tulis alasannya di catatan: wajib bila alasannya "lainnya"
err-cancel-note-too-long = catatan sepanjang { $count } karakter; paling banyak { $max }
err-cancel-note-control = catatan hanya satu baris teks: tanpa pindah baris atau karakter kontrol
err-cancel-invoice-no-provider = belum ada penyedia faktur elektronik yang diatur di sini ([invoices] di berkas konfigurasi)
err-cancel-invoice-unsure = pesanan { $number } tidak dibatalkan: fakturnya masih dalam proses terbit di { $provider } (jawabannya hilang). Selesaikan dulu (orderdeck invoice issue { $number } --provider { $provider }), lalu batalkan: faktur penyesuaian harus menyebut nomor faktur itu

## lead (storefronts)
err-storefront-code-taken = kode kanal `{ $code }` sudah dipakai toko yang bukan di { $kind }: pilih nama lain untuk `[storefronts.{ $code }]`

## storefront-hooks
err-hook-missing-signature = webhook tidak membawa tanda tangan: ditolak (hanya toko yang mengetahui kunci rahasia webhook yang boleh mengirim pesanan ke sini)
err-hook-bad-signature = tanda tangan webhook tidak cocok: ditolak (kunci rahasia lain, atau isinya berubah di perjalanan)
err-hook-malformed = webhook bertanda tangan sah, tetapi kolom `{ $field }` tidak dapat dibaca: ditolak
err-hook-wrong-platform = webhook berasal dari platform lain, bukan platform kanal ini: arahkan webhook toko itu ke alamat kanalnya sendiri
err-storefront-ships-itself = pesanan dari situs { $platform } dikirim dengan kurir Anda sendiri (panel 4 atau meja kemas), tidak diatur oleh { $platform }

## intake-api
err-api-unknown-scope = cakupan `{ $scope }` tidak dikenal; cakupan yang ada: { $known }
err-api-no-scope = sebutkan setidaknya satu cakupan: { $known }
err-api-key-bad-name = `{ $name }` tidak bisa menjadi nama kunci API: gunakan huruf kecil, angka, '.', '_' atau '-' (paling banyak 63), diawali huruf atau angka
err-api-key-name-taken = kunci API bernama `{ $name }` sudah ada (kunci yang dicabut tetap memakai namanya): pilih nama lain
err-api-key-not-found = tidak ada kunci API bernama `{ $name }` (`orderdeck keys list` menampilkannya)
err-api-key-unknown-channel = tidak ada kanal penjualan `{ $channel }`: ikat kunci ke kanal yang ada (panel 9 menampilkannya)
err-api-no-token = Permintaan ini memerlukan kunci API, dikirim sebagai `Authorization: Bearer <token>`.
err-api-invalid-token = Kunci API tidak dikenal atau sudah dicabut.
err-api-insufficient-scope = Kunci API ini tidak memiliki cakupan `{ $scope }` yang diperlukan permintaan ini.
err-api-channel-bound = Kunci API ini hanya boleh mengirim pesanan untuk kanal `{ $bound }`, bukan `{ $channel }`.
err-api-channel-marketplace = `{ $channel }` adalah kanal marketplace: pesanannya datang dari marketplace, dan hanya kunci yang terikat ke kanal itu yang boleh mengirimnya.
err-api-stock-channel-bound = Kunci API ini terikat ke kanal `{ $bound }`; tidak boleh membaca stok untuk `{ $channel }`.
err-api-unknown-channel = kanal penjualan `{ $channel }` tidak dikenal
err-api-idempotency-missing = Permintaan ini memerlukan header Idempotency-Key (UUID baru untuk setiap pesanan) agar aman dikirim ulang.
err-api-idempotency-missing-field = wajib
err-api-idempotency-empty = Idempotency-Key kosong.
err-api-idempotency-too-long = Idempotency-Key berisi { $length } karakter; paling banyak { $max }.
err-api-idempotency-bad-character = Idempotency-Key berisi { $character }: hanya karakter ASCII yang terlihat yang diizinkan (tanpa spasi, tanda kutip, atau garis miring terbalik di dalam kunci).
err-api-idempotency-bad-quoting = Idempotency-Key harus satu kunci: string dalam tanda kutip atau token polos, tanpa apa pun sesudahnya.
err-api-idempotency-reused = Idempotency-Key ini sudah dipakai sebelumnya dengan isi permintaan yang berbeda. Gunakan kunci baru untuk pesanan baru.
err-api-idempotency-reused-field = sudah dipakai dengan isi lain
err-api-idempotency-in-flight = Permintaan dengan Idempotency-Key ini masih diproses. Coba lagi sebentar lagi.
err-api-body-too-large = Isi permintaan lebih besar dari { $max } byte. Tidak ada yang ditulis.
err-api-body-too-slow = Isi permintaan tidak tiba dalam { $seconds } detik. Tidak ada yang ditulis.
err-api-body-unreadable = Isi permintaan tidak dapat dibaca: { $reason }
err-api-not-json = Isi permintaan harus application/json, bukan { $given }. Tidak ada yang ditulis.
err-api-malformed-json = Isi permintaan bukan JSON yang sah: { $reason }. Tidak ada yang ditulis.
err-api-not-an-order = Isinya JSON tetapi bukan pesanan (lihat errors). Tidak ada yang ditulis.
err-api-invalid-order = Pesanan tidak dapat diterima: { $count } masalah, tercantum di errors. Tidak ada yang ditulis.
err-api-order-not-found = Tidak ada pesanan { $number } yang boleh dibaca kunci API ini.
err-api-stock-no-sku = Sebutkan SKU yang dicari: ?sku=A,B
err-api-stock-too-many = { $count } SKU diminta; paling banyak { $max } per permintaan.
err-api-bad-query = String kueri tidak dapat dibaca: { $reason }
err-api-unavailable = Permintaan tidak dapat diproses sekarang dan tidak ada yang ditulis. Coba lagi sebentar lagi (dengan Idempotency-Key yang sama).
err-api-method-not-allowed = Jalur ini tidak menerima metode ini.
err-api-no-such-path = Jalur ini tidak ada di API orderdeck (lihat /v1/openapi.json).
err-chat-empty = Pesannya kosong.
err-chat-too-long = Pesan lebih dari { $max } karakter.
err-chat-buyer = ID pembeli kosong, terlalu panjang, atau berisi karakter kontrol.
err-chat-no-draft = Tidak ada draf untuk dikirim di percakapan ini (sudah dikirim, atau diganti pesan yang lebih baru).
err-chat-message-id = ID pesan harus 1–200 karakter tanpa karakter kontrol.
err-chat-no-client = { $channel } belum terhubung (belum dikonfigurasi): balas langsung di sana, atau konfigurasikan.
err-chat-window-24h = Tidak terkirim: pembeli terakhir menulis lebih dari 24 jam lalu, dan setelah itu Messenger hanya mengizinkan staf membalas (hingga 7 hari).
err-chat-window-7d = Tidak terkirim: pembeli terakhir menulis lebih dari 7 hari lalu; Messenger tidak menerima balasan sampai mereka menulis lagi.
err-chat-window-never = Tidak terkirim: pembeli ini belum menulis ke Halaman, dan Halaman tidak boleh memulai percakapan.
err-mchat-too-long = Tidak terkirim: { $channel } menerima paling banyak { $max } karakter per pesan chat.
err-mchat-empty = Tidak terkirim: balasannya kosong.
err-mchat-link = Tidak terkirim: { $channel } tidak mengizinkan tautan di pesan chat; hapus "{ $link }" lalu kirim lagi.
err-mchat-window-7d = Tidak terkirim: pembeli terakhir menulis lebih dari 7 hari lalu, dan { $channel } memberi toko 7 hari untuk membalas; percakapan ditutup sampai mereka menulis lagi.
err-mchat-never = Tidak terkirim: pembeli ini belum menulis ke toko di { $channel }, dan orderdeck tidak memulai percakapan di sana.
err-mchat-no-thread = Tidak terkirim: belum ada percakapan { $channel } dengan pembeli ini di sini untuk dibalas.
err-mchat-bad-buyer = Tidak terkirim: "{ $buyer }" bukan ID pembeli { $channel }.
err-mchat-rules = Tidak terkirim: aturan percakapan TikTok Shop tidak lagi mengizinkan menulis ke pembeli ini (45109001); mereka bisa menulis ke toko lagi.
err-mchat-quota = Tidak terkirim: kuota chat TikTok Shop toko untuk hari ini (10.000 panggilan) sudah habis (45101004); coba lagi besok.
err-mchat-sensitive = Tidak terkirim: TikTok Shop menemukan kata yang dilarang kebijakannya dalam balasan (45101006); tulis ulang.
err-mchat-no-permission = Tidak terkirim: { $channel } menyatakan aplikasi ini tidak punya izin untuk percakapan ini.
err-mchat-shopee-no-chat = Tidak terkirim: aplikasi ini tidak punya izin chat di Shopee (Shopee hanya memberi chat penjual kepada aplikasi Customer Service milik mitra pihak ketiga).
err-mchat-lazada-no-im = Tidak terkirim: Lazada menolak panggilan chat karena aplikasi ini bukan kategori IM.
err-zalo-too-long = Tidak terkirim: Zalo menerima paling banyak { $max } karakter per pesan; persingkat.
err-zalo-window-never = Tidak terkirim: pembeli ini belum menulis ke Zalo OA, dan balasan hanya boleh setelah pesan pembeli.
err-zalo-window-48h = Tidak terkirim: pembeli terakhir menulis lebih dari 48 jam lalu; setelah itu Zalo menghitungnya sebagai pesan proaktif berbayar, yang tidak dikirim orderdeck. Tunggu sampai pembeli menulis lagi.
err-zalo-window-replies = Tidak terkirim: { $max } balasan gratis yang diizinkan Zalo setelah pesan terakhir pembeli sudah terpakai; pesan berikutnya adalah pesan proaktif berbayar. Tunggu sampai pembeli menulis lagi.
err-zalo-not-connected = Zalo OA belum terhubung: jalankan `orderdeck assistant zalo-connect --code CODE` dengan kode dari halaman persetujuan OA.
err-zalo-token = Zalo menolak access token OA, juga setelah diperbarui: hubungkan OA lagi (`orderdeck assistant zalo-connect`).
err-zalo-oauth-refused = Zalo menolak permintaan token ({ $reason }). Refresh token hanya berlaku sekali dan bisa kedaluwarsa; hubungkan OA lagi (`orderdeck assistant zalo-connect`).
err-zalo-zns-phone = Tidak terkirim lewat ZNS: nomor telepon bukan nomor Vietnam yang valid (Zalo meminta 84xxxxxxxxx).
err-zalo-zns-template = Tidak terkirim lewat ZNS: Zalo tidak mengenal templat { $template } (belum disetujui, atau milik OA lain); periksa [assistant.zalo.zns].
err-zalo-zns-data = Tidak terkirim lewat ZNS: data templat kosong atau tidak cocok dengan parameter templat (galat Zalo { $code }); periksa data di [assistant.zalo.zns].
err-zalo-zns-unsupported = Tidak terkirim lewat ZNS: aplikasi Zalo pembeli terlalu lama untuk menerimanya.
err-zalo-zns-app = Tidak terkirim lewat ZNS: aplikasi Zalo atau OA belum disiapkan untuk ZNS (galat Zalo { $code }): periksa aplikasi, verifikasi OA, dan akses ZNS-nya.
err-zalo-zns-night = Tidak terkirim lewat ZNS: templat ini hanya boleh dikirim pukul 07.00–22.00.
err-zalo-zns-no-template = Belum ada templat ZNS untuk pemberitahuan ini.
err-zalo-refused = Zalo menolak ({ $code }): { $message }
err-zalo-unreachable = Zalo tidak dapat dihubungi: { $reason }
err-zalo-unreadable = Zalo menjawab sesuatu yang tidak terbaca: { $excerpt }
err-zalo-tokens-store = Token Zalo tidak dapat dibaca atau disimpan: { $reason }
