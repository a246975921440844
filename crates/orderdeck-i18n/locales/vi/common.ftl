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
common-status-reserved = đã giữ
common-status-packing = đang gói
common-status-packed = đã gói
common-status-shipped = đã gửi
common-status-delivered = đã giao
common-status-completed = hoàn thành
common-status-cancelled = đã hủy
common-status-returned = đã trả hàng
common-status-partly-returned = trả 1 phần

common-yes = có
common-no = không

## Timeline: kinds of events
common-event-received = đã nhận
common-event-reserved = giữ hàng
common-event-backorder = chờ hàng
common-event-edited = đã sửa
common-event-cancelled = đã hủy
common-event-packing = đóng gói
common-event-given-back = trả lại
common-event-packed = đã gói
common-event-shipped = đã gửi
common-event-not-shipped = không gửi được
common-event-parcel-action = xử lý kiện
common-event-parcel = kiện hàng
common-event-delivered = đã giao
common-event-completed = hoàn thành
common-event-cod-received = đã nhận COD
common-event-invoiced = đã xuất HĐ
common-event-invoice-replaced = HĐ thay thế
common-event-invoice-adjusted = HĐ điều chỉnh
common-event-invoice-refused = HĐ bị từ chối
common-event-invoice-left = HĐ chưa xuất
common-event-invoice-sent = đã gửi HĐ
common-event-returned = trả hàng
common-event-refund = hoàn tiền
common-event-exchange = đổi hàng
common-event-marketplace = sàn
common-event-new-address = địa chỉ mới
common-event-note = ghi chú

## Fields an edit changes (the timeline)
common-field-name = tên
common-field-phone = điện thoại
common-field-email = e-mail
common-field-address = địa chỉ
common-field-shipping-fee = phí vận chuyển
common-field-discount = giảm giá
common-field-lines = dòng hàng
common-field-marketplace-status = trạng thái trên sàn

## Channels whose codes are words
common-channel-website = website
common-channel-manual = thủ công
common-shortage = { $sku } thiếu { $short }
common-channel-website-short = web
common-channel-manual-short = t.công

## What the workers, the demo and a pull say
common-product-created = đã tạo { $name } với { $count } biến thể: { $skus }
common-product-saved = đã lưu { $name }
common-worker-order-sync = bắt đầu đồng bộ đơn cho { $shops } (mỗi { $seconds } giây; một máy kéo đơn, các máy khác chờ)
common-worker-poller = bắt đầu theo dõi hành trình (một máy hỏi hãng VC, các máy khác chờ)
common-worker-invoicing = bắt đầu tự xuất hóa đơn (một máy xuất)
common-worker-notices = bắt đầu báo khách (tiến trình giao hàng báo một lần qua kênh của khách hoặc e-mail)
common-worker-stock-sync-pull-push = bắt đầu đồng bộ tồn kho lên các cửa hàng (sàn và website) (một máy đẩy); đồng bộ sản phẩm (kéo và đẩy) hằng ngày trong khung { $window } giờ địa phương
common-worker-stock-sync-pull = bắt đầu đồng bộ tồn kho lên các cửa hàng (sàn và website) (một máy đẩy); đồng bộ sản phẩm (kéo) hằng ngày trong khung { $window } giờ địa phương
common-worker-stock-sync-on-demand = bắt đầu đồng bộ tồn kho lên các cửa hàng (sàn và website) (một máy đẩy); đồng bộ sản phẩm chỉ khi yêu cầu (chưa đặt [listings] product_sync_window)
common-demo-not-seeded = cơ sở dữ liệu đã có dữ liệu: không nạp dữ liệu mẫu (không thay đổi gì)
common-demo-seeded = đã nạp dữ liệu mẫu: { $warehouses } kho, { $products } sản phẩm ({ $variants } biến thể), { $suppliers } nhà cung cấp, { $customers } khách hàng, { $orders } đơn hàng, { $purchase_orders } đơn mua hàng, { $shipments } kiện hàng, { $invoices } hóa đơn
common-sync-report = đã đọc { $fetched } đơn: { $created } mới, { $duplicates } đã có ({ $cancelled } đã hủy, { $updated } đã cập nhật), { $skipped } bỏ qua, { $problems } có vấn đề

## `orderdeck db status`
common-db-not-initialised = chưa khởi tạo (sẽ tạo ở lần dùng đầu)
common-db-running = đang chạy (running)
common-db-not-answering = không trả lời (đã sập, hoặc đang khởi động); bảng điều khiển hay lệnh sẽ khởi động lại
common-db-stopped = đã dừng (stopped; tự chạy khi cần)
common-db-status = PostgreSQL nhúng: { $state }
    {"  "}cụm:        { $cluster }
    {"  "}socket:     { $socket }
    {"  "}nhật ký:    { $log }
    {"  "}chương trình: { $binaries }
common-db-runs-as = {"  "}chạy dưới: { $user } (uid { $uid })
common-db-url = {"  "}url:      { $url }

## Parcels, purchase orders and invoices: the states people read (CLI and console alike)
common-parcel-pending = chờ tạo
common-parcel-ready-to-pick = chờ lấy hàng
common-parcel-picked-up = đã lấy hàng
common-parcel-in-transit = đang vận chuyển
common-parcel-out-for-delivery = đang giao
common-parcel-delivered = đã giao
common-parcel-delivery-failed = giao thất bại
common-parcel-returning = đang chuyển hoàn
common-parcel-returned = đã chuyển hoàn
common-parcel-cancelled = đã hủy
common-parcel-lost-or-damaged = thất lạc/hư hỏng
common-parcel-unknown = không rõ
common-parcel-failed = lỗi
common-parcel-lost = thất lạc
common-parcel-damaged = hư hỏng
common-po-status-draft = nháp
common-po-status-confirmed = đã xác nhận
common-po-status-partially-received = nhập một phần
common-po-status-received = đã nhập kho
common-po-status-cancelled = đã hủy
common-invoice-no-code-yet = (chưa có)
