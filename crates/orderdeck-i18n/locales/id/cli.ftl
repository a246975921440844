# Baris perintah: apa yang dikatakan perintah `orderdeck` kepada orang (stdout, stderr, galat).
# Data (angka, SKU, nama, path, teks dari penyedia) masuk sebagai nilai.

## Berkas dan masukan

cli-cannot-open = tidak dapat membuka { $path }
cli-cannot-read = tidak dapat membaca { $path }
cli-cannot-read-utf8 = tidak dapat membaca { $path } sebagai teks UTF-8
cli-cannot-write = tidak dapat menulis { $path }
cli-input-too-large = { $path } lebih besar dari { $mib } MiB: ditolak, tidak ada yang diimpor
cli-decimal-flag = --decimal `{ $given }`: comma (1.250.000,00) atau point (1,250,000.00)
cli-not-utf8 = bukan teks UTF-8
cli-at-line = baris { $line }: { $problem }
cli-at-order = pesanan ke-{ $index }: { $problem }
cli-and-more = … dan { $count } lagi
cli-not-json-array = bukan array JSON: { $problem }
cli-nothing-imported = tidak ada yang diimpor; { $count } masalah:

## Pesanan

cli-orders-imported = { $created } pesanan diimpor ({ $reserved } siap dikemas, { $backordered } menunggu stok), { $duplicates } duplikat dilewati, dalam { $seconds } dtk
cli-order-created = { $number } dibuat: { $status }
cli-order-created-short = { $number } dibuat: { $status } ({ $shortages })
cli-order-duplicate = duplikat: sudah diterima sebagai { $number }; tidak ada yang berubah
cli-order-bad-json = pesanan bukan JSON dengan bentuk yang diharapkan: { $problem }
cli-no-order = tidak ada pesanan { $number }
cli-order-buyer = pembeli: { $name } { $phone }
cli-order-ship-to = kirim ke: { $address }
cli-order-line = { $qty } × { $sku } { $name } @ { $price } (direservasi { $reserved })
cli-order-cancelled = { $number } dibatalkan; reservasi dilepas

## Stok

cli-no-sku = tidak ada SKU { $sku }
cli-stock-col-warehouse = gudang
cli-stock-col-on-hand = stok fisik
cli-stock-col-reserved = direservasi
cli-stock-col-available = tersedia

## Pesanan pembelian (PO)

cli-po-late = TERLAMBAT
cli-po-nothing-to-order = tidak ada yang perlu dipesan: setiap pesanan menunggu stok sudah tertutup pesanan pembelian yang terbuka
cli-po-drafted = draf dibuat: { $numbers }
cli-po-no-supplier = pemasok belum diketahui untuk { $skus }: tidak ada draf untuk SKU ini
cli-po-confirmed = { $number } dikonfirmasi
cli-po-received = { $number } diterima: { $status }
cli-po-ready-to-pack = sekarang siap dikemas: { $numbers }
cli-po-cancelled = { $number } dibatalkan

## Produk

cli-products-imported = { $products } produk, { $variants } varian, { $moves } mutasi stok awal diimpor

## Penyiapan: konfigurasi, berkas kunci, log, kata sandi

cli-config-readable-going-on = PERINGATAN: { $path } berisi kata sandi atau token dan dapat dibaca pengguna lain (mode { $mode }); tetap lanjut karena --insecure-config: chmod 600 { $path }
cli-config-readable-refused = { $path } berisi kata sandi atau token dan dapat dibaca pengguna lain (mode { $mode }): chmod 600 { $path } (atau beri --insecure-config untuk tetap lanjut)
cli-no-data-dir = tidak ada direktori data: beri --data-dir
cli-config-operator-ignored = `operator` di konfigurasi tidak dibaca lagi: peristiwa mencatat login basis data (atur `db_user` atau beri --user)
cli-tokens-unsealed-make = token disimpan tanpa enkripsi: tidak dapat membuat { $path }: { $problem }
cli-tokens-unsealed-read = token disimpan tanpa enkripsi: tidak dapat membaca { $path }: { $problem }
cli-key-file = berkas kunci { $path }
cli-not-logging = log tidak ditulis: tidak dapat menulis ke { $path }: { $problem }
# Prompt: program menambahkan spasi sesudahnya.
cli-password-for = Kata sandi untuk { $login }:
cli-reading-password = membaca kata sandi
cli-no-config-folder = tidak ada folder konfigurasi di platform ini; beri --config

## config check

cli-check-not-configured = belum dikonfigurasi
cli-check-works = berfungsi (menjawab dalam { $ms } md)
cli-check-fails = GAGAL: { $problem }
cli-check-failed = { $count } penyedia yang dikonfigurasi tidak menjawab sebagaimana mestinya

## db, migrate

cli-schema-version = skema ada di versi { $version }
cli-db-shared = PostgreSQL bersama di { $url }
cli-db-shared-not-stopped = server bersama tidak dihentikan oleh orderdeck; tidak ada yang dilakukan
cli-db-stopped = PostgreSQL tertanam dihentikan
cli-db-was-not-running = PostgreSQL tertanam tidak sedang berjalan

## Konsol

cli-console-starting-embedded = memulai PostgreSQL tertanam di { $path } …
cli-console-no-role = { $login } tidak memiliki peran apa pun di toko: admin menjalankan `orderdeck users role { $login } packer` (atau support, manager, admin)
cli-console-demo-owner-only = --demo mengisi basis data: hanya pemiliknya (administrator) yang boleh

## worker

cli-worker-nothing-to-do = tidak ada yang dikerjakan: belum ada kurir yang dikonfigurasi ([carriers.ghn] atau [carriers.viettelpost]), faktur otomatis mati (invoicing.auto_provider), belum ada toko yang dikonfigurasi ([channels.shopee], [channels.lazada], [channels.tiktok], [storefronts.<kode>]) dan tidak ada alamat --listen
cli-worker-not-allowed = { $login } tidak boleh menjalankan proses latar (proses ini menerbitkan faktur dan menulis listing): jalankan `orderdeck worker` sebagai pemilik basis data, atau dengan login manager atau admin
cli-worker-cannot-listen = tidak dapat mendengarkan di { $address }
cli-worker-webhooks = menerima webhook di { $url }

## users

cli-users-none-yet = Belum ada orang: semua masuk sebagai { $login } (administrator).
cli-users-add-one = Tambahkan satu: { $example }
cli-users-col-login = LOGIN
cli-users-col-role = PERAN
cli-users-col-sign-in = MASUK
cli-users-col-name = NAMA
cli-users-no-role = tidak ada (tidak boleh melakukan apa pun)
cli-users-owner-note = pemilik basis data: semua hak, termasuk migrasi
cli-users-no-roles-in-db = Basis data ini tidak memiliki peran orderdeck (pemiliknya tidak dapat membuatnya): setiap koneksi adalah pemilik.
# Prompt: program menambahkan spasi sesudahnya.
cli-password-again = Ulangi sekali lagi:
cli-passwords-differ = kedua kata sandi berbeda: tidak ada yang diubah
cli-users-added = { $login } ditambahkan sebagai { $role }. Masuk dengan: orderdeck --user { $login }
cli-users-role-set = { $login } sekarang { $role }
cli-users-disabled = { $login } tidak dapat masuk lagi

## Retur

cli-return-received = retur { $id } untuk { $number }: { $restocked } kembali ke stok, { $written_off } dihapusbukukan; pesanan sekarang { $status }
cli-return-refund-recorded = pengembalian dana { $id } dicatat
cli-return-exchange-order = tukar barang: pesanan pengganti { $number }
cli-return-exchange-failed = tukar barang TIDAK dibuat: { $problem }
cli-return-invoice-replaced = faktur pengganti { $invoice } diterbitkan (menggantikan { $replaced }); kode otoritas pajak: { $code }

## Daftar wilayah (places)

cli-places-carrier-flag = --carrier `{ $given }`: gunakan ghn
cli-places-fetched = { $carrier }: { $provinces } provinsi, { $districts } kabupaten/kota, { $wards } kelurahan diambil dalam { $seconds } dtk
cli-places-never-fetched = daftar wilayah { $carrier } belum pernah diambil: `orderdeck places refresh` (pengiriman pertama juga mengambilnya)
cli-places-status = { $carrier }: { $provinces } provinsi, { $districts } kabupaten/kota, { $wards } kelurahan, diambil { $fetched }
cli-places-stale = lebih dari seminggu: diambil lagi saat dipakai berikutnya
cli-places-give-address = beri alamat: kelurahan, kabupaten/kota, provinsi (dipisah koma)
cli-places-candidates = kandidat (id kelurahan, wilayah):

## Listing marketplace

cli-listings-pulled = { $listings } listing di toko: { $matched } cocok dengan SKU kita ({ $new } baru di sini), { $unmatched } tidak cocok, { $ambiguous } ambigu; { $gone } tidak lagi terdaftar; { $not_listed } SKU aktif kita belum terdaftar di sana
cli-listings-unmatched = tidak cocok (SKU bukan milik kita)
cli-listings-ambiguous = ambigu (SKU cocok dengan beberapa milik kita)
cli-listings-sync-pull-push = { $channel }: sinkronisasi produk (tarik, lalu dorong)
cli-listings-sync-pull = { $channel }: sinkronisasi produk (tarik)
cli-listings-pushed = terdaftar sekarang: { $created }; ditemukan setelah pembuatan kehabisan waktu: { $found }; tidak terdaftar: { $failed }
cli-listings-listed = terdaftar
cli-listings-not-listed = tidak terdaftar
cli-listings-pushes-queued = pembaruan stok untuk listing yang cocok sudah diantrekan; proses latar yang mengirimnya
cli-no-marketplace-configured = belum ada toko marketplace yang dikonfigurasi ([channels.shopee], [channels.lazada], [channels.tiktok])
cli-listings-drained = { $rows } varian: { $calls } panggilan stok, { $pushed } listing diatur, { $skipped } sudah benar, { $refused } ditolak, { $rescheduled } ditunda, { $unconfigured } di toko yang tidak dikonfigurasi di sini
cli-listings-queue = antrean stok: { $pending } varian menunggu, { $due } jatuh tempo, { $failing } gagal
cli-listings-last-error = galat terakhir: { $problem }
cli-listings-no-channel = belum ada kanal penjualan marketplace
cli-listings-channel = { $channel }: { $listings } listing, { $matched } cocok dengan varian kita, { $refused } menolak pembaruan stok terakhir; sinkronisasi produk { $ran }
cli-listings-sync-last-ran = terakhir berjalan { $time }
cli-listings-sync-never-ran = belum pernah berjalan
cli-listings-sync-failed = gagal: { $problem }
cli-listings-window = sinkronisasi produk berjalan sendiri setiap hari pada { $window } (waktu setempat)
cli-listings-on-demand = sinkronisasi produk hanya berjalan bila diminta (atur [listings] product_sync_window)

## Kanal penjualan (channels)

cli-channels-not-marketplace = `{ $given }` bukan marketplace: shopee, lazada atau tiktok
cli-channels-not-configured = { $channel } belum dikonfigurasi: tambahkan { $section } ke berkas konfigurasi
cli-channels-never = belum pernah
cli-channels-tiktok-link = TikTok Shop: gunakan tautan otorisasi aplikasi Anda di Partner Center (atau atur [channels.tiktok] authorize_url), lalu `orderdeck channels connect tiktok --code …`
cli-channels-bad-link = base URL yang dikonfigurasi tidak menghasilkan tautan yang valid
cli-channels-authorised = toko { $channel } { $shop } diotorisasi: token disimpan (access token { $token } sampai { $until })
cli-channels-no-channel-yet = { $channel }: belum ada kanal penjualan (dibuat saat pertama dipakai)
cli-channels-tokens = token: access { $access } sampai { $access_until }, refresh { $refresh } sampai { $refresh_until }
cli-channels-no-tokens = token: tidak ada — otorisasi toko (`orderdeck channels connect { $channel }`)
cli-channels-tokens-problem = token: { $problem }
cli-channels-last-pull = tarikan terakhir: { $time }
cli-channels-last-error = galat terakhir ({ $time }): { $problem }
cli-channels-not-taken-in = pesanan yang tidak masuk ({ $count }):
cli-channels-problem = { $id }: { $reason } ({ $attempts } percobaan)
cli-channels-no-shop = tidak ada toko `{ $shop }`: kodenya ada di panel 9 (shopee, lazada, tiktok, …)
cli-channels-buffer-set = { $shop }: { $buffer } unit ditahan; { $listings } listing-nya diantrekan untuk pembaruan stok
cli-channels-shop-vanished = toko `{ $shop }` hilang sementara itu

## Faktur

cli-invoice-template-flag = --template `{ $given }`: gunakan vat atau sales
cli-invoice-provider-flag = --provider `{ $given }`: gunakan sinvoice atau misa
cli-invoice-issued = { $order }: faktur { $invoice } diterbitkan lewat { $provider }
cli-invoice-tax-code = kode otoritas pajak: { $code }
cli-invoice-recovered = { $provider } awalnya menjawab tidak jelas; ditemukan lewat transaksi { $transaction }: ini faktur yang sama, bukan faktur kedua
cli-invoice-pdf-not-fetched = PDF belum diambil; `orderdeck invoice pdf { $order } --out FILE` mengambilnya
cli-invoice-pdf-written = { $bytes } byte ditulis ke { $path }
cli-invoice-sent = faktur { $invoice } dikirim ke { $to }
cli-invoice-replace-what = sebutkan pesanannya, atau returnya dengan --return N
cli-invoice-nothing-to-replace = pesanannya tidak memiliki faktur terbit untuk diganti
cli-invoice-replaced = { $order }: faktur pengganti { $invoice } diterbitkan; kode otoritas pajak: { $code }
cli-invoice-pdf-wrote = { $path } ditulis ({ $pages } halaman)
cli-invoice-cannot-issue-yet = Belum dapat diterbitkan:
cli-invoice-cannot-draw = tidak dapat menggambar faktur { $order }
cli-invoice-auto-off = faktur otomatis mati (invoicing.auto_provider belum diatur)
cli-invoice-auto-since = faktur otomatis lewat { $provider } sejak { $since }
cli-invoice-auto-first-round = faktur otomatis lewat { $provider }: mulai pada putaran pertamanya (pesanan yang selesai sesudahnya)
cli-invoice-would-issue = akan diterbitkan sekarang: { $orders }
cli-invoice-older-heading = selesai sebelum faktur otomatis dimulai, diterbitkan hanya bila diminta (`invoice auto --older`, atau `invoice issue ORDER`):
cli-invoice-completed-on = selesai { $date }
cli-invoice-auto-off-refused = faktur otomatis mati: atur invoicing.auto_provider (sinvoice atau misa), atau terbitkan satu pesanan dengan `invoice issue ORDER --provider …`
cli-invoice-auto-provider-bad = invoicing.auto_provider = `{ $given }`: gunakan sinvoice atau misa
cli-invoice-auto-template-bad = invoicing.auto_template = `{ $given }`: gunakan vat atau sales
cli-invoice-auto-issued = diterbitkan: { $orders }
cli-invoice-auto-not-issued = tidak diterbitkan: { $order }: { $problem }
cli-invoice-auto-unsure = { $count } jawaban tidak jelas: tetap dalam proses terbit, dicek lebih dulu lain kali
cli-invoice-auto-older-waiting = { $count } pesanan lama perlu faktur tetapi selesai sebelum faktur otomatis dimulai: `invoice auto --dry-run` menampilkannya, `--older` menerbitkannya
cli-invoice-none = tidak ada

## Kirim

cli-ship-required-note-bad = shipping.required_note = `{ $given }`: gunakan may_try, may_look atau may_not_look
cli-ship-size-flag = --size harus PxLxT dalam cm, misalnya 30x20x10 (didapat `{ $given }`)
cli-ship-size-not-whole = --size: `{ $given }` bukan bilangan bulat cm
cli-ship-weight-zero = --weight harus lebih dari 0 kg
cli-ship-weight-max = --weight paling banyak 50 kg
cli-ship-carrier-flag = --carrier `{ $given }`: gunakan ghn atau viettelpost
cli-ship-service-flag = --service `{ $given }`: gunakan express atau economy
cli-ship-payer-flag = --payer `{ $given }`: gunakan seller atau buyer
cli-ship-note-code-flag = --note-code `{ $given }`: gunakan may_try, may_look atau may_not_look
cli-ship-fix-address = perbaiki alamat pesanan
cli-ship-pick-ward = pilih satu dengan --ward ID
cli-ship-quote = { $service }: ongkir { $fee }; pembeli membayar { $at_door }
cli-ship-quote-to = { $service } ke { $place }: ongkir { $fee }; pembeli membayar { $at_door }
cli-ship-shipped = { $order } dikirim lewat { $carrier } ({ $service }), ongkir { $fee }, COD { $cod }
cli-ship-recovered = kurir sudah menerimanya dari percobaan sebelumnya

## Pengiriman

cli-no-shipment = tidak ada pengiriman { $tracking }
cli-shipment-no-tracking-yet = (belum ada nomor resi)
cli-shipment-parcel = pesanan { $order }, COD { $cod }, ongkir { $fee }, { $grams } g, { $length }×{ $width }×{ $height } cm, { $note }
cli-shipment-cod-received = COD diterima: { $amount } pada { $date }
cli-shipment-last-error = galat terakhir: { $problem }
cli-shipments-none-need-attention = tidak ada pengiriman yang perlu ditangani
cli-shipment-redeliver-asked = kurir diminta mengantar ulang { $tracking }
cli-shipment-return-asked = kurir diminta mengembalikan { $tracking } ke kita
cli-shipment-cancel-asked = kurir diminta membatalkan { $tracking }
cli-shipment-noted = dicatat di riwayat pesanan
cli-shipments-polled = { $asked } paket ditanyakan: { $new_events } peristiwa baru, { $changed } berganti status, { $failed } gagal

## Status pengiriman


## Label, cetak

cli-label-unknown-carrier = kurir tidak dikenal
cli-label-format-flag = --format `{ $given }`: gunakan pdf, zpl atau carrier
cli-label-kind-html = halaman cetak HTML
cli-label-kind-pdf = PDF
cli-label-kind-zpl = ZPL untuk printer label
cli-label-kind-unknown = berkas jenis tidak dikenal
cli-label-wrong-extension = label { $tracking } berupa { $kind }, bukan .{ $given }: tulis sebagai { $path } (atau gunakan --format pdf untuk label 100×150 mm milik orderdeck)
cli-label-written = label untuk { $tracking } ({ $kind }) ditulis ke { $path }
cli-label-open-in-browser = label kurir untuk { $tracking } berupa { $kind }: buka { $path } di peramban untuk mencetaknya
cli-label-printed = label untuk { $tracking } dikirim ke printer
cli-print-command-empty = shipping.print_command kosong
cli-print-command-cannot-run = tidak dapat menjalankan perintah cetak `{ $command }` (atur shipping.print_command, atau gunakan --out FILE)
cli-print-command-failed = perintah cetak `{ $command }` gagal ({ $status })

## COD

cli-cod-received = COD { $amount } untuk { $tracking } dicatat sebagai diterima
cli-cod-matched = { $count } cocok dan dicatat
cli-cod-mismatch = { $tracking } membayar { $paid }, kita meminta { $expected } — tidak diterapkan
cli-cod-unknown = nomor resi tidak dikenal { $tracking } — tidak diterapkan
cli-cod-already = { $tracking } sudah dicatat — tidak diterapkan lagi
cli-cod-file-too-large = { $path } lebih besar dari 50 MB: bukan berkas COD
cli-file-not-utf8 = { $path } bukan teks UTF-8

## main, demo

cli-no-runtime = tidak dapat memulai runtime async: { $problem }
cli-role-may-not = peran Anda tidak boleh melakukan ini; tidak ada yang diubah (`orderdeck users me` menunjukkan peran Anda, admin dapat mengubahnya)
cli-built-without-demo = { $what }: orderdeck ini dibangun tanpa simulator, data demo, dan benchmark (fitur `demo`); bangun dengan fitur bawaannya: cargo build --release
cli-demo-simulators = simulator demo
cli-users-disabled = nonaktif

## `orderdeck keymap`
cli-keys-title = Tombol konsol
cli-keys-col-keys = Tombol
cli-keys-col-does = Fungsinya
cli-keys-col-where = Di mana
cli-keys-col-config = Di berkas konfigurasi
cli-keys-in-forms = formulir
cli-keys-in-questions = pertanyaan
cli-keys-in-stations = meja kemas, stok opname
cli-keys-everywhere = di mana saja

## Marketplace fulfilment (issue 16)
cli-fulfil-no-dropoff = platform tidak menawarkan antar ke gerai untuk pesanan ini (lihat --options)
cli-fulfil-no-pickup = platform tidak menawarkan penjemputan untuk pesanan ini (lihat --options)
cli-fulfil-unknown-address = tidak ada alamat penjemputan { $id } untuk pesanan ini (lihat --options)
cli-fulfil-unknown-slot = tidak ada slot penjemputan { $id } untuk pesanan ini (lihat --options)
cli-fulfil-progress = diatur { $done } dari { $total }
cli-fulfil-some-failed = { $failed } pesanan tidak diatur (setiap baris menyebut alasannya)
cli-fulfil-not-platform-parcel = { $key } bukan paket yang diatur marketplace
cli-fulfil-decision-flag = keputusannya accept atau reject, bukan "{ $given }"
cli-ship-one-at-a-time = kurir kita mengirim satu pesanan sekali; beberapa pesanan sekaligus hanya untuk satu toko marketplace
cli-label-mixed = ini tidak semuanya paket marketplace (label pengiriman) atau semuanya paket kita: cetak terpisah
## cancel
cli-cancel-reason-required = sebutkan alasannya dengan --reason: salah satu dari { $codes } (--note menambahkan kata-kata Anda; wajib dengan other)
cli-cancel-reason = alasan: { $reason }
cli-cancel-invoice-adjusted = faktur { $invoice } dinolkan dengan faktur penyesuaian { $adjustment } (kode otoritas pajak { $code })
cli-cancel-invoice-owed = pesanan { $number } sudah dibatalkan, tetapi fakturnya { $invoice } masih berlaku: faktur penyesuaian belum terbit ({ $why }). Jalankan lagi `orderdeck orders cancel { $number } --reason { $code }` untuk menerbitkannya
## many
cli-stock-bin-set = { $sku } ada di rak { $bin } di gudang { $warehouse }
cli-stock-bin-cleared = rak { $sku } di gudang { $warehouse } sudah dihapus
cli-stock-bin-no-warehouse = tidak ada gudang dengan kode { $warehouse }
cli-stock-bin-too-long = kode rak paling panjang { $max } karakter (kode rak seperti A-03-2)

## lead (storefronts)
cli-serve-not-allowed = { $login } tidak boleh menjalankan pendengar (ia menerima pesanan untuk semua kanal): jalankan `orderdeck serve` sebagai pemilik basis data, atau login manajer atau admin
cli-serve-stopping = berhenti: menyelesaikan permintaan yang sedang berjalan …
cli-serve-api = API penerimaan pesanan di { $url } (kunci: `orderdeck keys create`)
cli-serve-chat = chat situs web di { $url } (kunci dengan cakupan chat:write)
cli-serve-messenger = webhook Halaman Facebook di { $url } (URL callback untuk App Dashboard, lewat HTTPS)
cli-serve-zalo = webhook Zalo OA di { $url } (URL webhook untuk pengaturan aplikasi Zalo, lewat HTTPS)
cli-zalo-no-config = Konfigurasi belum berisi [assistant.zalo]: isi app_id, app_secret, dan oa_secret_key dulu.
cli-zalo-connected = Zalo OA terhubung; access token berlaku sampai { $until } dan diperbarui sendiri.
cli-assistant-person = Percakapan ini sedang ditangani staf: asisten tidak menjawab.
cli-serve-storefront = webhook { $platform } di { $url }

## intake-api
cli-api-keys-created = Kunci API `{ $name }` dibuat (awalan { $prefix }, cakupan { $scopes }). Tokennya:
cli-api-keys-shown-once = Salin token sekarang: token hanya ditampilkan sekali ini (hanya hash-nya yang disimpan); token yang hilang berarti kunci baru.
cli-api-keys-none = Belum ada kunci API. Buat satu: { $example }
cli-api-keys-col-name = Nama
cli-api-keys-col-prefix = Awalan
cli-api-keys-col-scopes = Cakupan
cli-api-keys-col-channel = Kanal
cli-api-keys-col-created = Dibuat
cli-api-keys-col-last-used = Terakhir dipakai
cli-api-keys-col-revoked = Dicabut
cli-api-keys-any-channel = (kanal sendiri mana pun)
cli-api-keys-never = belum pernah
cli-api-keys-revoked-now = Kunci API `{ $name }` dicabut: setiap permintaan dengannya ditolak mulai sekarang.
cli-api-keys-revoked-before = Kunci API `{ $name }` sudah dicabut sebelumnya; tidak ada yang berubah.
cli-storefront-hooks = webhook ke { $path }: { $count } dalam 24 jam terakhir, terakhir { $last }
cli-storefront-refused = { $count } ditolak dalam 24 jam terakhir (tanda tangan salah: periksa webhook_secret); terakhir { $time }: { $reason }
