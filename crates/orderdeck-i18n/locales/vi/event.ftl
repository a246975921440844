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
