# Biểu mẫu, danh sách chọn, bàn đóng gói, kiểm kê và thông báo của bảng điều khiển.

## The console: messages on the message line
form-scan-placeholder = quét mã vạch hoặc gõ SKU, rồi Enter
form-row-gone = dòng này không còn nữa
form-no-such-order = không có đơn số { $number }
form-db-restored = đã kết nối lại cơ sở dữ liệu
form-db-restored-reconnecting = đã kết nối lại cơ sở dữ liệu; đang nối lại cập nhật trực tiếp
form-db-restored-refreshed = đã kết nối lại cơ sở dữ liệu; màn hình đã được làm mới
form-nothing-done = không làm gì cả
form-key-works-in = { $key } ({ $action }) dùng ở { $pane } ({ $number })
form-key-does-nothing = `{ $key }` không dùng ở đây — nhấn { $help } để xem mọi phím
form-key-does-nothing-in = { $key } ({ $action }) không dùng được ở { $pane }
form-nothing-to-filter = ở đây không có gì để lọc

## Fields
form-field-too-long = { $field } tối đa { $limit } ký tự
form-paste-cut = đã cắt phần dán còn { $limit } ký tự

## Stock count station
form-count-started = đã bắt đầu kiểm kê { $count } cho kho { $warehouse }: quét từng món trên kệ
form-counted = { $sku }: đã đếm { $counted }

## Forms: saving, closing
form-confirm-deactivate-warehouse = Ngừng dùng kho { $code }? { "{yes}" } = có
form-closed-unsaved = đã đóng, không lưu
form-note-empty = hãy viết gì đó
form-saving = đang lưu…
form-not-saved = chưa lưu: sửa các ô tô đỏ
form-known-customer = khách quen { $name }: đã điền sẵn thông tin

## Invoices and returns
form-confirm-email-invoice = Gửi email hóa đơn của { $number } cho người mua? { "{yes}" } = gửi
form-not-issued = chưa xuất: sửa các ô tô đỏ
form-confirm-issue-vat = Xuất hóa đơn GTGT của { $number } ({ $total }) qua { $provider }? Đã xuất là không sửa được. { "{yes}" } = xuất
form-confirm-issue-sales = Xuất hóa đơn bán hàng của { $number } ({ $total }) qua { $provider }? Đã xuất là không sửa được. { "{yes}" } = xuất
form-return-refund = , hoàn { $amount } qua { $method }
form-return-exchange-same = , đổi hàng cùng loại
form-return-exchange-lines = , đổi lấy { $count } dòng hàng
form-confirm-return = Nhận hàng trả của { $number }: { $good } tốt, { $damaged } hỏng{ $refund }{ $exchange }? { "{yes}" } = có, phím khác = không
form-not-replaced = chưa thay thế: sửa các ô tô đỏ
form-replace-unchanged = { $issued } đã ghi đúng như vậy: sửa một ô người mua để thay thế
form-confirm-replace = Thay hóa đơn { $issued } của { $number } bằng bản đã sửa người mua? { "{yes}" } = xuất hóa đơn thay thế

## Shipping: parcels, the ward, the fee
form-select-parcel = chọn kiện hàng trong danh sách Gửi hàng hoặc Sự cố (Tab)
form-no-tracking-yet = lô gửi này chưa có mã vận đơn
form-confirm-parcel = { $question } { $tracking }? { "{yes}" } = có, phím khác = không
form-parcel-note-title = Ghi chú cho { $tracking }
form-parcel-note-text = Ghi chú
form-parcel-note-note = { "{save}" } thêm vào lịch sử của đơn
form-ship-place-fix-address = { $said } — sửa địa chỉ của đơn ({ "{edit}" } trên đơn)
form-ship-ward-title = Giao { $number } đến phường/xã nào?
form-ship-ward-note = { $said }. Chọn phường/xã; sau đó sẽ hỏi phí
form-ship-asking-fee = { $ward }: đang hỏi phí hãng VC…

## Marketplace shops
form-shop-not-pulled = Đơn { $platform } được nhập tại đây, không kéo về: chọn gian hàng Shopee, Lazada hoặc TikTok
form-select-shop = chọn một gian hàng trước
form-shop-pulling-already = { $platform } đang được kéo đơn rồi
form-shop-reconnecting = { $platform }: đang kết nối lại …
form-link-copied = đã chép liên kết vào clipboard (nếu terminal cho phép; nếu không, hãy bôi chọn trên màn hình)
form-no-link = không có liên kết để chép: nó nằm trong Partner Center
form-buffer-title = Tồn kho giữ lại — { $shop }
form-buffer-units = Số lượng
form-buffer-units-hint = 0 trở lên
form-buffer-note = Cả { $listings } tin đăng của gian hàng hiện số có thể bán trừ đi số lượng này (không dưới 0), để đơn bán nơi khác không gây bán quá tồn. { "{save}" } lưu.

## Pack station
form-pack-scan-an-item = quét một món hàng (hoặc Esc để trả đơn lại)
form-pack-already-packed = { $number } đã đóng gói xong: nhấn Enter khi ô trống để sang đơn tiếp
form-pack-none-claimed = chưa nhận đơn nào: nhấn Enter để nhận đơn tiếp theo

## Stock count
form-count-select-row = chọn một dòng thuộc kho cần kiểm kê
form-count-left = đã rời phiên kiểm kê; phiên vẫn mở, chưa ghi sổ gì
form-confirm-post-count = Ghi sổ kiểm kê { $count } thành điều chỉnh tồn kho? { "{yes}" } = có

## Forms: what saving does
form-save-saves = { "{save}" } lưu

## Products
form-product-new-title = Sản phẩm mới
form-product-edit-title = Sửa { $name }
form-product-name = Tên
form-product-category = Danh mục
form-product-brand = Thương hiệu
form-product-vat = Thuế GTGT
form-product-vat-hint = 0, 5, 8, 10, KCT hoặc KKKNT
form-product-variants = Biến thể
form-product-variants-hint = tối đa 3 dòng như  Màu: Đỏ, Xanh  — mỗi tổ hợp là một biến thể
form-product-sku-prefix = Tiền tố SKU
form-product-sku-prefix-hint = biến thể có mã PREFIX-1, PREFIX-2 …
form-product-cost = Giá vốn
form-product-price = Giá bán
form-product-opening = Tồn đầu kỳ
form-product-opening-hint = theo biến thể: HN=10, HCM=5
form-product-media = Ảnh, video
form-product-media-hint = URL ảnh hoặc video, mỗi dòng một
form-product-description = Mô tả
form-product-specs = Thông số
form-product-new-note = { "{save}" } lưu; lãi = giá bán − giá vốn
form-product-prices = Giá
form-product-prices-hint = SKU giá-vốn giá-bán điểm-đặt-lại, mỗi dòng một biến thể
form-product-prices-bad-line = `{ $line }`: viết SKU giá-vốn giá-bán điểm-đặt-lại

## Suppliers
form-supplier-new-title = Nhà cung cấp mới
form-supplier-edit-title = Sửa nhà cung cấp { $name }
form-supplier-name = Tên
form-supplier-contact = Liên hệ
form-supplier-phone = Điện thoại
form-supplier-tax-code = Mã số thuế
form-supplier-tax-code-hint = 10 chữ số, hoặc 0123456789-001
form-supplier-lead-time = Số ngày giao
form-supplier-lead-time-hint = ngày

## Purchase orders and goods receipts
form-po-new-title = Đơn mua hàng mới
form-po-supplier = Nhà cung cấp
form-po-supplier-hint = tên nhà cung cấp
form-po-warehouse = Kho
form-po-warehouse-hint = mã kho nhận hàng
form-po-expected = Ngày dự kiến
form-po-expected-hint = YYYY-MM-DD; để trống: hôm nay + số ngày giao của NCC
form-po-lines = Dòng hàng
form-po-lines-hint = SKU SL [giá], mỗi dòng một; giá mặc định là giá mua gần nhất
form-po-new-note = { "{save}" } lưu bản nháp
form-receipt-title = Nhập kho cho { $number }
form-receipt-lines = Đã nhận
form-receipt-lines-hint = SKU nhận từ-chối [lý do], mỗi dòng một
form-receipt-note = sửa theo hàng thực nhận; hàng từ chối cần lý do; { "{save}" } nhập vào tồn kho
form-receipt-whole-numbers = dòng { $line }: số lượng phải là số nguyên
form-receipt-bad-line = dòng { $line }: viết SKU nhận từ-chối [lý do]

## Warehouses
form-warehouse-new-title = Kho mới
form-warehouse-edit-title = Sửa kho { $code }
form-warehouse-code = Mã
form-warehouse-code-hint = HN, HCM, DN-2 …
form-warehouse-name = Tên
form-warehouse-address = Địa chỉ
form-warehouse-manager = Phụ trách
form-warehouse-manager-hint = người phụ trách

## Orders: the new-order and edit forms
form-order-new-title = Đơn mới
form-order-edit-title = Sửa { $number } (phiên bản { $version })
form-order-phone = Điện thoại
form-order-phone-hint = SĐT người mua: khách quen sẽ tự điền
form-order-name = Tên người mua
form-order-email = Email
form-optional = không bắt buộc
form-order-address = Địa chỉ
form-order-address-hint = số nhà và tên đường
form-order-ward = Phường/xã
form-order-district = Quận/huyện
form-order-province = Tỉnh/thành
form-order-items = Sản phẩm
form-order-items-hint = SKU, mã vạch hoặc tên, SL, giá — mỗi dòng một
form-order-edit-items-hint = SKU SL giá, mỗi dòng một
form-order-shipping-fee = Phí giao hàng
form-order-discount = Giảm giá
form-order-payment = Thanh toán
form-order-payment-hint = cod hoặc prepaid
form-order-source = Nguồn
form-order-source-hint = phone, facebook, zalo hoặc other
form-order-note = Ghi chú
form-order-new-note = { "{save}" } lưu; kiểm tồn kho và giữ hàng ngay
form-order-edit-note = { $status } · { $channel } · { "{save}" } lưu; tồn kho được kiểm lại
form-item-no-code = gõ SKU, mã vạch hoặc tên
form-item-not-qty = `{ $text }` không phải số lượng
form-item-qty-range = số lượng { $qty } vượt giới hạn
form-item-not-price = `{ $text }` không phải giá
form-not-amount = `{ $text }` không phải số tiền
form-line-error = dòng { $line }: { $error }

## The invoice preview form
form-invoice-title = Hóa đơn của { $number } — { $template } ({ $symbol })
form-invoice-provider = Đơn vị HĐĐT
form-invoice-provider-hint = sinvoice hoặc misa
form-invoice-provider-unknown = sinvoice (Viettel S-Invoice) hoặc misa (MISA meInvoice)
form-invoice-company = Tên đơn vị
form-invoice-company-hint = công ty mua (trống: cá nhân)
form-invoice-tax-code = Mã số thuế
form-invoice-tax-code-hint = MST: 10 chữ số, hoặc 0123456789-001
form-invoice-address = Địa chỉ
form-invoice-address-hint = địa chỉ đăng ký của công ty
form-invoice-email = Email
form-invoice-email-hint = nơi nhận hóa đơn
form-invoice-buyer-name = Người mua
form-invoice-buyer-name-hint = người đứng tên mua
form-invoice-issued-note = đã xuất số { $issued }, không sửa được: sửa người mua rồi { "{save}" } xuất hóa đơn thay thế · { "{pdf}" } PDF · P ở Hóa đơn lưu bản đã xuất
form-invoice-note = { "{save}" } xuất · { "{pdf}" } PDF A4 · { "{template}" } GTGT/bán hàng · PgUp/PgDn cuộn · Esc đóng
form-invoice-preview-title = Xem trước — như khi xuất
form-invoice-preview-issued-title = đã xuất số { $issued } — xem trước nội dung nếu xuất bây giờ

## The return form
form-return-title = Trả hàng của { $number }
form-return-lines = Dòng hàng
form-return-lines-hint = SKU:SL:good hoặc SKU:SL:damaged, mỗi dòng một
form-return-reason = Lý do
form-return-reason-hint = vì sao bị trả
form-return-warehouse = Kho
form-return-warehouse-hint = mã kho; trống = kho đã gửi đi
form-return-refund-amount = Hoàn tiền
form-return-refund-amount-hint = đồng; trống = không hoàn tiền
form-return-method = Cách hoàn
form-return-method-hint = cash, transfer hoặc channel
form-return-reference = Mã tham chiếu
form-return-reference-hint = mã giao dịch ngân hàng hoặc sàn
form-return-exchange = Đổi hàng
form-return-exchange-hint = no, same, hoặc SKU:SL, SKU:SL
form-return-note = Mọi món có thể trả đều được liệt kê: giữ các dòng đã về, đánh dấu món hỏng. { "{save}" } sẽ hỏi trước khi thay đổi gì
form-return-no-lines = phải có ít nhất một dòng hàng trả về
form-return-no-reason = ghi lý do
form-return-bad-refund = số tiền (đồng) lớn hơn 0

## The ship form
form-ship-title = Gửi { $number }
form-ship-carrier = Hãng VC
form-ship-carrier-hint = ghn hoặc viettelpost
form-ship-service = Dịch vụ
form-ship-service-hint = express hoặc economy
form-ship-weight = Cân nặng
form-ship-weight-hint = kg
form-ship-size = Kích thước
form-ship-size-hint = D×R×C cm
form-ship-cod = COD
form-ship-cod-hint = số đồng người mua trả, đã gồm phí ship
form-ship-payer = Người trả phí
form-ship-payer-hint = seller hoặc buyer
form-ship-note = Xem hàng
form-ship-note-hint = may_try, may_look hoặc may_not_look
form-ship-ward = Giao đến
form-ship-ward-hint = lấy từ địa chỉ; chọn phường/xã ở đây khi chưa rõ
form-ship-form-note = COD: { $cod }. { "{save}" } hỏi phí hãng VC; bạn xác nhận trước khi gửi đi
form-ship-bad-weight = cân nặng theo kg, lớn hơn 0 và tối đa 50
form-ship-bad-size = D×R×C theo cm, mỗi chiều 1–150, như 30x20x10
form-ship-bad-cod = số tiền (đồng), không âm
form-ship-check-fields = kiểm tra lại các ô

## Pulling a shop's orders; reconnecting a shop
form-sync-said = { $platform } · trang { $pages } · đã đọc { $fetched } đơn, { $created } mới
form-sync-updated = , { $count } cập nhật
form-sync-problems = , { $count } không nhận được
form-consent-title = Kết nối lại { $platform }
form-consent-code = Mã
form-consent-code-hint = địa chỉ được chuyển về, hoặc chỉ mã của nó
form-consent-steps =
    { $platform }: { $why }.
    1. Mở liên kết này trong trình duyệt và đồng ý với tư cách người bán ({ "{copy_link}" } để chép):
    { $link }
    2. Dán địa chỉ trình duyệt chuyển tới (hoặc chỉ mã) vào dưới đây; { "{save}" } để cấp quyền. Mã chỉ dùng được một lần, trong vài phút.
form-consent-steps-no-link =
    { $platform }: { $why }.
    1. Trong Partner Center, mở liên kết cấp quyền của ứng dụng và đồng ý với tư cách người bán (đặt liên kết vào cấu hình ở authorize_url để thấy nó ở đây).
    2. Dán địa chỉ được chuyển về (hoặc chỉ mã) vào dưới đây; { "{save}" } để cấp quyền.

## Pick lists
form-picker-title = { $title } — { $shown }/{ $total } · Enter chọn · Esc quay lại
form-picker-filter = Lọc:
form-picker-no-match = không có gì khớp bộ lọc

## Lists and detail pages
form-list-filter = lọc: { $filter }
form-list-loading = đang tải…
form-list-above = ▲ { $count } ở trên
form-list-above-more = ▲ { $count }+ ở trên
form-list-more-above = ▲ còn nữa
form-list-more-below = ▼ còn nữa
form-list-empty = chưa có gì ở đây
form-list-no-match = không có dòng nào khớp bộ lọc
form-detail-position = { $back } quay lại · { $at }/{ $total }

## Marketplace fulfilment (issue 16)
form-arranging = đang yêu cầu sàn sắp xếp { $number }: { $how }…
form-marked = đã đánh dấu { $count }
form-arranging-many = đang sắp xếp các đơn đã đánh dấu

## lead (stations)
form-pack-left-kept = Đã rời bàn đóng gói; đơn { $number } vẫn giữ cho bạn cùng { $scanned } lần quét: bấm p để quay lại
form-pack-ship-step-failed = Không điền sẵn được bước gửi hàng: { $error } — Tab mở biểu mẫu gửi hàng
form-pack-ship-failed = Chưa gửi được: { $error } — Enter thử lại, Tab mở biểu mẫu gửi hàng
form-scan-looking = Đã quét { $code }: đang tìm…
form-scan-unknown = Đã quét { $code }: không có đơn, kiện hay sản phẩm nào mang mã này
form-scan-unreadable = Không đọc được mã vừa quét: hãy quét lại
## cancel
form-cancel-title = Hủy đơn { $number }
form-cancel-title-many = Hủy { $count } đơn
form-cancel-reason = Lý do
form-cancel-note = Ghi chú
form-cancel-note-hint = lời của bạn; bắt buộc khi chọn "lý do khác"
form-cancelling = Đang hủy…
form-cancelling-many = Đang hủy các đơn
form-cancel-invoice-issued = Hóa đơn GTGT { $invoice } đã xuất: hủy đơn sẽ xuất hóa đơn điều chỉnh giảm về 0 (Nghị định 123/2020 điều 19, sửa đổi bởi Nghị định 70/2025).
form-cancel-invoices-issued = { $count } đơn trong số này đã xuất hóa đơn GTGT ({ $invoices }): mỗi hóa đơn sẽ được điều chỉnh giảm về 0 bằng hóa đơn điều chỉnh (Nghị định 123/2020 điều 19, sửa đổi bởi Nghị định 70/2025).
form-cancel-some-refused = { $count } đơn không hủy được và giữ nguyên: { $why }.
form-cancel-keys = ↑/↓ hoặc 1–6 để chọn lý do, Enter sang ô ghi chú; Enter ở ô ghi chú hoặc { "{save}" } để hủy đơn; Esc để thoát.
form-select-or-mark = Chọn một đơn, hoặc đánh dấu vài đơn bằng Space
form-working-many = Đang xử lý các đơn
form-copied = Đã sao chép { $text }
form-copy-title = Sao chép trường nào?
form-copy-note = Enter để sao chép vào bộ nhớ tạm (cả khi qua SSH)
form-nothing-to-copy = Không có gì được chọn để sao chép
form-pack-packed = Đơn { $number } đã đóng gói ✓
form-return-refundable = Có thể hoàn tối đa { $amount }.

## lead (storefronts)
form-storefront-reading = đang đọc các biến thể của cửa hàng { $platform } …
form-select-conversation = Hãy chọn một cuộc trò chuyện trước.
form-reply-empty = Hãy viết nội dung để gửi.
form-reply-title = Trả lời { $buyer }
form-reply-text = Trả lời
form-reply-hint = gửi đúng như bạn viết
form-reply-note = Ctrl-s gửi cho khách; Esc đóng mà không gửi.
