# Linimasa pesanan: setiap kejadian dalam bahasa pembaca.

event-claimed = diambil untuk dikemas oleh { $station }
event-claimed-expired = diambil untuk dikemas oleh { $station } (klaim { $previous } sudah kedaluwarsa)
event-unclaimed = dikembalikan ke antrean kemas
event-packed = semua barang dipindai dan dikemas
event-returned = retur { $return_id }: { $restocked } unit kembali ke stok, { $written_off } rusak dihapus — { $reason }
event-refund = pengembalian { $amount } lewat { $method } dicatat (menunggu)
event-refund-ref = pengembalian { $amount } lewat { $method }, ref { $reference } dicatat (menunggu)
event-exchange = tukar untuk retur { $return_id }: pesanan pengganti { $number } ({ $items })
event-replacement = pengganti pesanan { $number } (retur { $return_id })
event-shipped = diserahkan ke { $carrier } ({ $service }), resi { $tracking }, COD { $cod }, ongkir { $fee }
event-received = pesanan masuk dari { $channel }, { $lines } baris, total { $total }
event-waiting-po = stok kurang: menunggu pesanan pembelian
event-reserved = stok direservasi: siap dikemas
event-cancelled-by-buyer = dibatalkan oleh pembeli
event-handed-over = diserahkan ke kurir, resi { $tracking }
event-delivered = sudah diterima pembeli
event-completed-cod = COD diterima dan direkonsiliasi
event-completed = pesanan selesai
event-vat-invoice-issued = faktur PPN { $invoice } diterbitkan
event-return-received = retur diterima, pengembalian { $refund }
event-waiting-for-stock = menunggu stok: { $short }
event-parcel-delivered = { $carrier } mengantar paket { $tracking }: pesanan selesai
event-parcel-returned = paket { $tracking } dikembalikan ke pengirim oleh { $carrier }; barang kembali ke stok
event-parcel-cancelled-ready = { $carrier } membatalkan paket { $tracking }; barang kembali ke stok, pesanan siap dikirim lagi
event-parcel-cancelled-waiting = { $carrier } membatalkan paket { $tracking }; barang kembali ke stok, menunggu stok
event-parcel-unknown-status = { $carrier } melaporkan status `{ $carrier_status }` untuk { $tracking } yang tidak dikenal orderdeck: mohon dicek
event-parcel-status = paket { $tracking }: { $status } ({ $carrier } `{ $carrier_status }`)
event-asked-cancel = meminta kurir membatalkan ({ $tracking })
event-asked-redeliver = meminta kurir mengantar ulang ({ $tracking })
event-asked-return = meminta kurir mengembalikan paket ke kita ({ $tracking })
event-cod-received = COD { $amount } diterima pada { $day }
event-cancelled = pesanan dibatalkan; reservasi dilepas
event-cancelled-reason = pesanan dibatalkan ({ $reason }); reservasi dilepas
event-cancelled-on-platform = dibatalkan di { $platform } ({ $platform_status }); reservasi dilepas
event-platform-cancelled-too-late = { $platform } membatalkan pesanan ini, tetapi di sini sudah { $status }: tidak ada yang dibatalkan; hentikan paket atau tunggu dikembalikan
event-platform-status = { $platform }: { $before } → { $after } ({ $code })
event-platform-address = alamat kirim diubah di { $platform }: { $address }
event-platform-address-too-late = { $platform } menunjukkan alamat kirim baru, tetapi di sini pesanan sudah { $status } (tidak diubah): { $address }
event-invoice-issued = faktur elektronik { $invoice } diterbitkan lewat { $provider }{ $code ->
        [none] {""}
       *[other] , kode otoritas pajak { $code }
    }
event-invoice-replacing = faktur elektronik { $invoice } pengganti { $corrects } diterbitkan lewat { $provider }{ $code ->
        [none] {""}
       *[other] , kode otoritas pajak { $code }
    }
event-invoice-adjusting = faktur elektronik { $invoice } penyesuaian { $corrects } diterbitkan lewat { $provider }{ $code ->
        [none] {""}
       *[other] , kode otoritas pajak { $code }
    }
event-invoice-emailed = faktur { $invoice } dikirim ke { $to }
event-invoice-not-automatic = faktur tidak terbit otomatis: { $why } — terbitkan dari pratinjau (I)

## Marketplace fulfilment (issue 16)
event-arranged = pengiriman diatur dengan { $platform } ({ $carrier }), resi { $tracking }
event-cancel-requested = pembeli meminta pembatalan: { $reason }
event-cancel-request-accepted = permintaan pembatalan pembeli diterima di { $platform } ({ $reason })
event-cancel-request-rejected = permintaan pembatalan pembeli ditolak di { $platform } ({ $reason }); pengemasan dilanjutkan
event-tracking-reported = nomor resi { $tracking } dilaporkan ke { $platform }
## cancel
event-cancel-reason = { $code ->
        [out_of_stock] stok habis
        [buyer_asked] pembeli meminta
        [duplicate] pesanan ganda
        [fraud] dicurigai penipuan
        [cannot_deliver] alamat tidak terjangkau, tidak dapat dikirim
       *[other] lainnya
    }
event-cancelled-why = pesanan dibatalkan: { $code ->
        [out_of_stock] stok habis
        [buyer_asked] pembeli meminta
        [duplicate] pesanan ganda
        [fraud] dicurigai penipuan
        [cannot_deliver] alamat tidak terjangkau, tidak dapat dikirim
       *[other] lainnya
    }{ $note ->
        [none] {""}
       *[other] {" ("}{ $note })
    }; reservasi dilepas{ $invoice ->
        [none] {""}
       *[other] ; faktur { $invoice } akan dinolkan dengan faktur penyesuaian
    }
event-cancel-invoice-owed = perlu tindakan: pesanan dibatalkan tetapi faktur { $invoice } masih berlaku; faktur penyesuaiannya belum terbit ({ $why }). Batalkan { $number } lagi (tombol x, atau orderdeck orders cancel) untuk menerbitkannya
event-buyer-notified = pembeli dikabari lewat { $channel }: { $event ->
    [shipped] dikirim
    [shipment_out_for_delivery] sedang diantar
    [shipment_delivery_failed] gagal diantar
    [shipment_delivered] diterima
   *[other] faktur diterbitkan
}
