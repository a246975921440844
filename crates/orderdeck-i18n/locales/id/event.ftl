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
