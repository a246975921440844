# Dòng thời gian của đơn: mỗi sự kiện theo ngôn ngữ người đọc.

event-claimed = { $station } nhận đóng gói
event-claimed-expired = { $station } nhận đóng gói (lượt nhận của { $previous } đã hết hạn)
event-unclaimed = trả lại hàng đợi đóng gói
event-packed = đã quét đủ và đóng gói xong
event-returned = trả hàng { $return_id }: { $restocked } món về kho, { $written_off } món hỏng đã xuất hủy — { $reason }
event-refund = đã ghi hoàn { $amount } qua { $method } (đang chờ)
event-refund-ref = đã ghi hoàn { $amount } qua { $method }, mã { $reference } (đang chờ)
event-exchange = đổi hàng cho lần trả { $return_id }: đơn thay thế { $number } ({ $items })
event-replacement = đơn thay thế cho đơn { $number } (trả hàng { $return_id })
event-shipped = đã giao cho { $carrier } ({ $service }), mã vận đơn { $tracking }, COD { $cod }, phí { $fee }
event-received = đơn mới từ { $channel }, { $lines } dòng hàng, tổng { $total }
event-waiting-po = thiếu hàng: chờ đơn mua hàng
event-reserved = đã giữ hàng: sẵn sàng đóng gói
event-cancelled-by-buyer = người mua hủy
event-handed-over = đã giao cho hãng VC, mã vận đơn { $tracking }
event-delivered = đã giao cho người mua
event-completed-cod = đã nhận và đối soát tiền COD
event-completed = đơn hoàn thành
event-vat-invoice-issued = đã xuất hóa đơn GTGT { $invoice }
event-return-received = đã nhận hàng trả, hoàn { $refund }
event-waiting-for-stock = chờ hàng: { $short }
event-parcel-delivered = { $carrier } đã giao kiện { $tracking }: đơn hoàn thành
event-parcel-returned = { $carrier } đã hoàn kiện { $tracking } về người gửi; hàng đã về kho
event-parcel-cancelled-ready = { $carrier } đã hủy kiện { $tracking }; hàng về kho, đơn sẵn sàng gửi lại
event-parcel-cancelled-waiting = { $carrier } đã hủy kiện { $tracking }; hàng về kho, đơn chờ hàng
event-parcel-unknown-status = { $carrier } báo trạng thái `{ $carrier_status }` cho { $tracking }, orderdeck chưa biết trạng thái này: hãy kiểm tra
event-parcel-status = kiện { $tracking }: { $status } ({ $carrier } `{ $carrier_status }`)
event-asked-cancel = đã yêu cầu hãng VC hủy ({ $tracking })
event-asked-redeliver = đã yêu cầu hãng VC giao lại ({ $tracking })
event-asked-return = đã yêu cầu hãng VC hoàn kiện về ({ $tracking })
event-cod-received = đã nhận COD { $amount } ngày { $day }
event-cancelled = đơn đã hủy; đã nhả hàng giữ
event-cancelled-reason = đơn đã hủy ({ $reason }); đã nhả hàng giữ
event-cancelled-on-platform = đã hủy trên { $platform } ({ $platform_status }); đã nhả hàng giữ
event-platform-cancelled-too-late = { $platform } đã hủy đơn này, nhưng ở đây đơn đã { $status }: không hủy gì; hãy chặn kiện hoặc chờ hàng hoàn
event-platform-status = { $platform }: { $before } → { $after } ({ $code })
event-platform-address = địa chỉ giao đổi trên { $platform }: { $address }
event-platform-address-too-late = { $platform } có địa chỉ giao mới, nhưng ở đây đơn đã { $status } (không đổi): { $address }
event-invoice-issued = hóa đơn điện tử { $invoice } đã xuất qua { $provider }{ $code ->
        [none] {""}
       *[other] , mã CQT { $code }
    }
event-invoice-replacing = hóa đơn điện tử { $invoice } thay thế { $corrects } đã xuất qua { $provider }{ $code ->
        [none] {""}
       *[other] , mã CQT { $code }
    }
event-invoice-adjusting = hóa đơn điện tử { $invoice } điều chỉnh { $corrects } đã xuất qua { $provider }{ $code ->
        [none] {""}
       *[other] , mã CQT { $code }
    }
event-invoice-emailed = đã gửi hóa đơn { $invoice } tới { $to }
event-invoice-not-automatic = hóa đơn chưa tự xuất: { $why } — hãy xuất từ màn xem trước (I)

## Marketplace fulfilment (issue 16)
event-arranged = đã sắp xếp giao hàng với { $platform } ({ $carrier }), mã vận đơn { $tracking }
event-cancel-requested = người mua yêu cầu hủy: { $reason }
event-cancel-request-accepted = đã đồng ý yêu cầu hủy của người mua trên { $platform } ({ $reason })
event-cancel-request-rejected = đã từ chối yêu cầu hủy của người mua trên { $platform } ({ $reason }); tiếp tục đóng gói
event-tracking-reported = đã báo mã vận đơn { $tracking } cho { $platform }
## cancel
event-cancel-reason = { $code ->
        [out_of_stock] hết hàng
        [buyer_asked] người mua yêu cầu hủy
        [duplicate] đơn trùng
        [fraud] nghi gian lận
        [cannot_deliver] địa chỉ không liên lạc được, không giao được
       *[other] lý do khác
    }
event-cancelled-why = đơn đã hủy: { $code ->
        [out_of_stock] hết hàng
        [buyer_asked] người mua yêu cầu hủy
        [duplicate] đơn trùng
        [fraud] nghi gian lận
        [cannot_deliver] địa chỉ không liên lạc được, không giao được
       *[other] lý do khác
    }{ $note ->
        [none] {""}
       *[other] {" ("}{ $note })
    }; đã nhả hàng giữ{ $invoice ->
        [none] {""}
       *[other] ; hóa đơn { $invoice } sẽ được điều chỉnh giảm về 0
    }
event-cancel-invoice-owed = cần xử lý: đơn đã hủy nhưng hóa đơn { $invoice } vẫn còn hiệu lực; chưa xuất được hóa đơn điều chỉnh ({ $why }). Hủy lại đơn { $number } (phím x, hoặc orderdeck orders cancel) để xuất
event-buyer-notified = đã báo khách qua { $channel }: { $event ->
    [shipped] đã gửi hàng
    [shipment_out_for_delivery] đang giao
    [shipment_delivery_failed] giao không thành công
    [shipment_delivered] đã giao
   *[other] đã xuất hóa đơn
}
