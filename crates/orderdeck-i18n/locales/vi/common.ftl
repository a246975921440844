# Từ và cụm từ dùng chung trong orderdeck.

common-orders-count = { $count } đơn

## Đơn đang ở đâu: ba chữ của người bán (và đã hủy, trả hàng)…
common-stage-new = Mới
common-stage-processing = Đang xử lý
common-stage-completed = Hoàn thành
common-stage-cancelled = Đã hủy
common-stage-returned = Trả hàng

## …và trạng thái chi tiết bên cạnh.
common-status-new = mới
common-status-backordered = chờ hàng
common-status-reserved = đã giữ hàng
common-status-packing = đang đóng gói
common-status-packed = đã đóng gói
common-status-shipped = đã gửi
common-status-delivered = đã giao
common-status-completed = hoàn thành
common-status-cancelled = đã hủy
common-status-returned = đã trả hàng
common-status-partly-returned = trả một phần

common-yes = có
common-no = không
