# Những gì các tác vụ và danh sách của console nói (crates/orderdeck-console).
# Giá trị `{ $key }` (`{ship}`, `{yes}`, `{invoice}`) là tên phím, được điền theo phím
# người dùng đã gán.

## Đóng gói
console-pack-claimed = đã nhận đóng gói { $number } — quét từng sản phẩm
console-pack-nothing-waiting = không có đơn nào chờ đóng gói
console-pack-counted = { $sku }: { $packed }/{ $qty }
console-pack-done = { $number } đã đóng gói ✓ — Enter để sang đơn tiếp theo
console-pack-unclaimed = đã trả đơn về hàng chờ đóng gói

## Đơn hàng
console-order-cancelled = đã hủy { $number }; hàng đã giữ được trả lại tồn kho
console-order-line-no-match = dòng { $line }: không có sản phẩm nào khớp `{ $typed }`
console-order-line-many = dòng { $line }: `{ $typed }` khớp { $count } sản phẩm ({ $skus }): hãy ghi cụ thể hơn
console-order-created = đã tạo { $number }: { $status }, đã giữ hàng
console-order-created-backordered = đã tạo { $number }: chờ hàng ({ $shortages })
console-order-duplicate = đơn này đã nhận rồi, số đơn { $number }
console-order-not-editable = { $number } đang ở trạng thái { $status }: không sửa được nữa
console-order-not-found = không có đơn { $number }
console-order-saved = đã lưu { $number } (phiên bản { $version }): { $status }
console-order-saved-backordered = đã lưu { $number } (phiên bản { $version }): chờ hàng, { $shortages }
console-order-conflict = { $by } đã sửa { $number } sau khi bạn mở đơn (phiên bản { $yours } → { $current }): chưa lưu gì cả; đây là đơn mới nhất — hãy sửa lại
console-customer-new = { $phone }: khách hàng mới
console-phone-invalid = `{ $phone }` không phải số điện thoại Việt Nam

## Mua hàng và kiểm kê
console-po-nothing-to-draft = không cần đặt thêm: mọi hàng thiếu đều đã nằm trong đơn mua hàng đang mở
console-po-drafted = đã tạo nháp { $numbers }
console-po-no-supplier = ; chưa có nhà cung cấp cho { $skus }
console-po-confirmed = đã xác nhận { $number }
console-po-received = đã nhập kho { $number } ({ $status })
console-po-now-ready = ; giờ có thể đóng gói: { $numbers }
console-po-cancelled = đã hủy { $number }
console-po-nothing-expected = { $number } không còn hàng nào chờ nhập
console-count-posted = đã chốt kiểm kê { $count }: { $adjustments } điều chỉnh { $details }

## Danh mục
console-warehouse-saved = đã lưu kho { $code }
console-warehouse-deactivated = đã ngừng dùng kho { $code }
console-warehouse-gone = kho này không còn nữa
console-product-gone = sản phẩm này không còn nữa
console-supplier-gone = nhà cung cấp này không còn nữa

## Hóa đơn và trả hàng
console-invoicing-not-set-up = console này chưa thiết lập hóa đơn điện tử
console-invoice-issued = { $order }: đã xuất hóa đơn { $invoice } qua { $provider } — mã CQT { $code }
console-invoice-issued-recovered = { $order }: đã xuất hóa đơn { $invoice } qua { $provider } — mã CQT { $code } (tìm thấy bên nhà cung cấp: lần gửi trước đã thành công)
console-invoice-replaced = { $order }: đã xuất hóa đơn thay thế { $invoice } — mã CQT { $code }
console-bad-offset = múi giờ không hợp lệ
console-invoice-emailed = đã gửi email hóa đơn { $invoice } của { $order } tới { $to }
console-invoice-unsure = { $provider } trả lời không rõ ({ $cause }); hóa đơn của { $order } được giữ ở trạng thái đang xuất theo giao dịch { $uuid }: hãy xuất lại từ bản xem trước ({ $key }) — hệ thống tra hóa đơn trước và không bao giờ xuất hai lần
console-invoice-held = { $cause }; chưa rõ kết quả lần gửi trước, nên hóa đơn của { $order } vẫn ở trạng thái đang xuất theo giao dịch { $uuid }: lát nữa hãy xuất lại từ bản xem trước ({ $key })
console-return-received = phiếu trả hàng { $id } của { $order }: { $restocked } nhập lại kho, { $written_off } xuất hủy; đơn { $status }
console-return-refund-recorded = ; đã ghi nhận hoàn tiền
console-return-exchange-made = ; đơn đổi hàng { $number }
console-return-exchange-failed = ; CHƯA tạo được đơn đổi hàng: { $error }
console-return-invoice-replaced = ; đã xuất hóa đơn thay thế { $invoice } cho { $replaced }

## Tệp và in
console-cannot-create = không tạo được { $path }: { $error }
console-cannot-write = không ghi được { $path }: { $error }
console-cannot-run = không chạy được `{ $command }`: { $error }
console-pdf-written = đã lưu PDF vào { $path }
console-print-command-empty = lệnh in đang để trống
console-label-sent = đã gửi nhãn vận đơn { $tracking } tới `{ $command }` ({ $path })
console-label-print-failed = đã lưu nhãn vào { $path } — in không được: { $error }

## Gửi hàng
console-shipping-not-set-up = console này chưa thiết lập gửi hàng
console-ship-hint-prepaid = đã trả trước: không cần thu hộ
console-ship-hint-cod = tiền hàng { $goods }; nếu người mua trả phí ship: { $with_fee }
console-ship-place = { $carrier }: { $problem } (người mua ghi "{ $written }")
console-ship-question-to = Gửi { $number } đến { $place } qua { $carrier } { $service }: phí { $fee }; người mua trả { $at_door }? { $key } = gửi cho hãng VC, phím khác = không
console-ship-question = Gửi { $number } qua { $carrier } { $service }: phí { $fee }; người mua trả { $at_door }? { $key } = gửi cho hãng VC, phím khác = không
console-ship-check-form = hãy kiểm tra lại phiếu gửi hàng
console-ship-shipped = đã gửi { $number } qua { $carrier }: mã vận đơn { $tracking } (phí { $fee }, COD { $cod }) — L để in nhãn
console-ship-unsure = { $carrier } trả lời không rõ ({ $cause }); lô gửi được giữ ở trạng thái chờ với mã { $code }: hãy bấm { $key } trên đơn lần nữa — hệ thống tra kiện hàng trước và không bao giờ tạo kiện thứ hai
console-ship-held = { $cause }; chưa rõ kết quả lần gửi trước, nên lô gửi vẫn chờ với mã { $code }: lát nữa hãy bấm { $key } trên đơn lần nữa — hệ thống tra kiện hàng trước
console-parcel-cancel-asked = đã yêu cầu hãng VC hủy { $tracking }
console-parcel-redeliver-asked = đã yêu cầu hãng VC giao lại { $tracking }
console-parcel-return-asked = đã yêu cầu hãng VC chuyển hoàn { $tracking } về shop
console-note-added = đã thêm ghi chú vào đơn của { $tracking }
console-shipment-not-found = không có lô gửi { $tracking }
console-cod-received = đã ghi nhận đã nhận tiền COD { $amount } của { $tracking }

## Gian hàng trên sàn
console-lasting-days = { $days } ngày
console-lasting-hours = { $hours } giờ { $minutes } phút
console-lasting-minutes = { $minutes } phút
console-shop-gone = gian hàng này không còn nữa
console-shop-not-marketplace = { $name } không phải sàn TMĐT: đơn của gian hàng này nhập tại đây, không kéo về
console-shop-not-configured = { $platform } chưa được cấu hình trên console này: thêm [channels.{ $code }] vào tệp cấu hình
console-shop-configured-for-other = { $platform } đang cấu hình cho gian hàng { $configured }, không phải { $shop }
console-shops-not-set-up = console này chưa thiết lập gian hàng trên sàn
console-buffer-saved = mỗi phân loại giữ lại { $buffer } sản phẩm, không bán trên gian hàng này; { $listings } sản phẩm đăng bán sẽ nhận số mới ở lần đẩy tồn kho tới
console-sync-pulled = { $platform }: đã kéo đơn — { $report }
console-sync-failed = { $platform }: { $error } (những đơn đã kéo về trước đó vẫn được giữ)
console-shop-reconnected = { $platform }: đã kết nối lại — đã lưu token mới, dùng được { $lasting }
console-shop-tokens-dead = token đã lưu không còn dùng được ({ $error })
console-shop-not-authorised = gian hàng chưa được cấp quyền
console-shop-authorised = { $platform }: đã cấp quyền — đã lưu token mới, dùng được { $lasting }; bấm s để kéo đơn ngay
console-shop-code-rejected = { $error } — mã chỉ dùng được một lần và trong thời gian ngắn: hãy cấp quyền lại để lấy mã mới
console-shop-code-failed = { $error }; chưa lưu gì — hãy thử lại

## Màn chi tiết: nhãn trường (nên tối đa 13 ký tự: giá trị bắt đầu ở cột 15)
console-field-status = Trạng thái
console-field-order = Đơn hàng
console-field-channel = Kênh bán
console-field-external-id = Mã đơn ngoài
console-field-source = Nguồn
console-field-created = Ngày tạo
console-field-updated = Cập nhật
console-field-name = Tên
console-field-phone = Điện thoại
console-field-email = Email
console-field-ship-to = Giao đến
console-field-subtotal = Tạm tính
console-field-discount = Giảm giá
console-field-shipping-fee = Phí giao hàng
console-field-total = Tổng
console-field-payment = Thanh toán
console-field-category = Danh mục
console-field-brand = Thương hiệu
console-field-vat-rate = Thuế GTGT
console-field-attributes = Thuộc tính
console-field-media = Hình ảnh
console-field-address = Địa chỉ
console-field-in-charge = Phụ trách
console-field-state = Tình trạng
console-field-skus-in-stock = SKU còn hàng
console-field-units-on-hand = Tồn thực tế
console-field-platform = Sàn
console-field-shop-id = Mã gian hàng
console-field-active = Hoạt động
console-field-token = Token
console-field-last-sync = Đồng bộ cuối
console-field-listings = SP đăng bán
console-field-stock-buffer = Tồn giữ lại
console-field-pending = Chờ đẩy
console-field-orders-today = Đơn hôm nay
console-field-provider = Nhà cung cấp
console-field-template = Mẫu
console-field-buyer = Người mua
console-field-tax-code = Mã số thuế
console-field-tax-authority-code = Mã CQT
console-field-issued = Ngày xuất
console-field-before-vat = Trước thuế
console-field-vat = Thuế GTGT
console-field-supplier = Nhà cung cấp
console-field-contact = Liên hệ
console-field-lead-time = Số ngày giao
console-field-warehouse = Kho
console-field-expected = Ngày dự kiến
console-field-open-pos = PO đang mở
console-field-carrier = Hãng VC
console-field-cod = COD
console-field-fee = Phí
console-field-weight = Khối lượng
console-field-product = Sản phẩm

## Màn chi tiết: tiêu đề
console-heading-buyer = Người mua
console-heading-lines = Dòng hàng
console-heading-money = Tiền
console-heading-shipments = Lô gửi
console-heading-note = Ghi chú
console-heading-totals = Tổng cộng
console-order-title = Đơn { $number }
console-order-updated-value = { $time }   phiên bản { $version }
console-order-no-tracking-yet = (chưa có mã vận đơn)
console-order-timeline = Lịch sử ({ $count } sự kiện)
console-po-title = Đơn mua hàng { $number }
console-supplier-title = Nhà cung cấp { $name }
console-shipment-title = Lô gửi { $tracking }
console-shipment-no-tracking-yet = (chưa có mã vận đơn)
console-shipment-tracking = Hành trình ({ $count } sự kiện)
console-invoice-title = Hóa đơn { $number }
console-invoice-draft-number = (nháp)
console-invoice-template-vat = hóa đơn GTGT
console-invoice-template-sales = hóa đơn bán hàng
console-warehouse-title = Kho { $code } — { $name }
console-shop-title = Gian hàng { $code } — { $name }
console-shop-last-error = Lỗi gần nhất
console-shop-problems = Đơn chưa nhận được ({ $count }; thử lại mỗi lần kéo đơn)
console-shop-problems-more = … và { $count } đơn nữa (orderdeck channels status)
console-shop-buffer-value = giữ lại { $units } sản phẩm, không bán trên gian hàng
console-shop-pending-value = { $changes } thay đổi tồn kho chờ đẩy lên sàn
console-product-variants = Phân loại ({ $count })
console-product-barcode = mã vạch { $barcode }
console-product-description = Mô tả
console-product-specs = Thông số
console-stock-ledger-title = Thẻ kho { $sku } @ { $warehouse }
console-stock-moves = Biến động tồn kho, mới nhất trước ({ $count })

## Tiêu đề cột trong màn chi tiết (ngắn: cột chỉ rộng bằng chữ tiếng Anh và một khoảng trắng)
console-col-sku = SKU
console-col-variant = Phân loại
console-col-cost = Giá vốn
console-col-price = Giá bán
console-col-margin = Lãi
console-col-margin-pct = %Lãi
console-col-stock = Tồn
console-col-reserved = Giữ
console-col-item = Tên hàng
console-col-product = Sản phẩm
console-col-qty = SL
console-col-unit-price = Đơn giá
console-col-vat = Thuế
console-col-amount = Thành tiền
console-col-vat-amount = Tiền thuế
console-col-received = Đã nhận
console-col-rejected = Loại bỏ
console-col-when = Thời điểm
console-col-balance = Tồn sau
console-col-kind = Loại
console-col-reason = Lý do

## Ô trong danh sách
console-prepaid = đã trả
console-payment-method-prepaid = ĐÃ TT
console-never = chưa có
console-stock-low = ÍT
console-warehouse-active = còn dùng
console-warehouse-inactive = ngừng
console-platform-website = Website
console-platform-manual = Thủ công
console-shipment-no-tracking-cell = (chờ)
console-days = { $days } ngày
console-days-short = { $days } ng
console-po-late = { $status } TRỄ
console-span-seconds = { $seconds }s
console-span-minutes = { $minutes }p
console-span-hours = { $hours }g { $minutes }p
console-span-days = { $days }ng { $hours }g
console-span-in = còn { $span }
console-span-ago = { $span } trước
console-token-not-connected = chưa kết nối
console-token-connected = đã kết nối
console-token-expired = hết hạn
console-token-ends = sắp hết, { $span }
console-token-ok = ổn, { $span }
console-token-until = { $state } (đến { $until })
console-field-buyer-chat = Chat với khách
console-chat-connected = đã kết nối: tin nhắn của khách vào Hộp thư, câu trả lời gửi đi dưới tên shop này
console-chat-connected-lazada = đã kết nối, chỉ để trả lời: orderdeck không nhận được thông báo tin nhắn mới của Lazada, nên tin nhắn mới của khách không về đây
console-chat-note-shopee = chưa kết nối. Shopee chỉ cấp chat người bán cho ứng dụng loại "Customer Service", loại chỉ đối tác bên thứ ba (ISV) mới tạo được; hãy đăng ký qua Shopee, rồi đặt chat = true trong [channels.shopee].
console-chat-note-lazada = chưa kết nối. Lazada IM cần ứng dụng thuộc loại IM; hãy đăng ký qua Lazada, rồi đặt chat = true trong [channels.lazada]. Kể cả khi đó orderdeck cũng không nhận được thông báo tin nhắn mới: chỉ trả lời được.
console-chat-note-tiktok = chưa kết nối. Customer Service là API tùy chỉnh của TikTok Shop, mặc định chưa bật: hãy đăng ký qua Partner Manager hoặc Account Manager của bạn (chỉ tài khoản chủ shop), rồi đặt chat = true trong [channels.tiktok].

## Trạng thái đơn mua hàng

## Trạng thái kiện hàng

## Trạng thái và loại hóa đơn điện tử
console-invoice-status-draft = nháp
console-invoice-status-issuing = đang xuất
console-invoice-status-issued = đã xuất
console-invoice-status-failed = lỗi
console-invoice-status-replaced = bị thay thế
console-invoice-status-cancelled = đã hủy
console-invoice-kind-original = gốc
console-invoice-kind-replacement = thay thế
console-invoice-kind-adjustment = điều chỉnh

## Tình trạng thanh toán
console-payment-unpaid = chưa thanh toán
console-payment-paid = đã thanh toán
console-payment-cod-pending = chờ thu COD
console-payment-cod-received = đã thu COD
console-payment-refunded = đã hoàn tiền
console-payment-partly-refunded = hoàn tiền một phần

## Lý do tồn kho thay đổi
console-move-opening = đầu kỳ
console-move-receipt = nhập kho
console-move-shipment = gửi hàng
console-move-return = trả hàng
console-move-write-off = xuất hủy
console-move-count = kiểm kê
console-move-adjustment = điều chỉnh
console-move-transfer = chuyển kho

## Marketplace fulfilment (issue 16)
console-handover-title = Giao { $number } qua { $platform }
console-handover-note = { $platform } sắp xếp đơn vị vận chuyển: chọn cách bàn giao kiện hàng. Enter để xác nhận, Esc để quay lại.
console-handover-note-ship-by = { $platform } sắp xếp đơn vị vận chuyển; hạn giao trước { $ship_by }. Chọn cách bàn giao kiện hàng: Enter để xác nhận, Esc để quay lại.
console-handover-pickup = Lấy hàng { $slot } · { $address }
console-handover-pickup-any = Lấy hàng tại { $address }
console-handover-recommended = {" "}(đề xuất)
console-handover-dropoff = Gửi tại bưu cục { $branch }
console-handover-dropoff-any = Tự mang ra bưu cục của đơn vị vận chuyển
console-handover-platform = { $platform } chọn đơn vị vận chuyển
console-handover-provider = Đơn vị vận chuyển: { $provider }
console-tracking-pending = (đang chờ mã)
console-arranged = { $number } đã được { $platform } sắp xếp: { $carrier }, mã vận đơn { $tracking }
console-awb-later = ; phiếu gửi hàng đang được tạo — nhấn L để in khi sẵn sàng
console-awb-sent = đã gửi phiếu gửi hàng tới { $command } ({ $path })
console-awb-not-ready = phiếu gửi hàng của { $key } chưa sẵn sàng; lát nữa nhấn L lại
console-mark-first = hãy đánh dấu các đơn trước (phím Space)
console-arranging-many = đang sắp xếp với { $platform }
console-arranged-many = đã sắp xếp { $arranged }/{ $total } đơn với { $platform }
console-bulk-line-ok = { $number }: mã vận đơn { $tracking }
console-cancel-request-accepted = { $number }: đã đồng ý yêu cầu hủy của người mua; đơn đã hủy và hàng đã được trả lại kho
console-cancel-request-accepted-late = { $number }: đã đồng ý yêu cầu hủy của người mua trên sàn
console-cancel-request-rejected = { $number }: đã từ chối yêu cầu hủy của người mua; tiếp tục đóng gói
console-handover-shop-address = địa chỉ lấy hàng của shop
console-awb-some-later = ; còn { $count } phiếu gửi hàng đang được tạo (nhấn L để in từng phiếu khi sẵn sàng)
console-handover-ourselves = Tự gửi (GHN / Viettel Post); mã vận đơn sẽ được báo cho { $platform }
console-tracking-reported = đã báo mã vận đơn cho { $platform }
console-tracking-not-reported = chưa báo được mã vận đơn cho { $platform }: { $error }

## lead (stations)
console-ship-by-rule = ; hãng vận chuyển theo quy tắc { $rule }
console-station-own = { $number }: { $carrier } { $service }, { $kg } kg, phí { $fee }; người mua trả { $at_door }
console-station-platform = { $number }: { $way }
console-station-no-way = Không tìm được cách gửi đơn { $number }
## cancel
console-cancelling-many = Đang hủy các đơn
console-cancelled-many = đã hủy { $cancelled }/{ $total } đơn ({ $numbers })
console-cancel-invoice-adjusted = đã hủy { $number }; hóa đơn { $invoice } đã được điều chỉnh giảm về 0 bằng hóa đơn { $adjustment }
console-cancel-invoice-owed = đã hủy { $number }, nhưng hóa đơn { $invoice } vẫn còn hiệu lực: chưa xuất được hóa đơn điều chỉnh ({ $why }). Nhấn x trên { $number } lần nữa để xuất
console-field-cancel-reason = Lý do hủy
console-field-cancel-invoice = Hóa đơn
console-cancel-page-adjusted = { $invoice } đã điều chỉnh giảm về 0 bằng { $adjustment }
console-cancel-page-owed = { $invoice } VẪN CÒN HIỆU LỰC: chưa xuất hóa đơn điều chỉnh ({ $why }); nhấn x để xuất
console-cancel-page-not-sent = chưa gửi
## many
console-label-format-bad = label_format = "{ $given }" trong [shipping] không phải pdf hay zpl; hãy đặt một trong hai
console-labels-many-progress = Đang in nhãn vận đơn
console-labels-line-ok = { $number }: nhãn { $tracking }
console-labels-line-failed = { $number }: { $error }
console-labels-not-shipped = { $number }: chưa gửi hàng nên chưa có nhãn (hãy gửi hàng trước)
console-labels-no-tracking = { $number }: hãng vận chuyển chưa cấp mã vận đơn; chưa có nhãn
console-labels-awb-not-zpl = { $number }: bỏ qua; phiếu gửi hàng của { $platform } chỉ có dạng PDF mà máy in này nhận ZPL (in riêng bằng phím L)
console-labels-awb-not-ready = { $number }: { $platform } chưa tạo xong phiếu gửi hàng; lát nữa nhấn L trên đơn này
console-labels-many-none = không đơn nào trong { $total } đơn có nhãn để in; không ghi tệp nào
console-labels-many-sent = { $count }/{ $total } nhãn trong một tệp, đã gửi tới `{ $command }` ({ $path })
console-labels-many-print-failed = đã lưu { $count }/{ $total } nhãn vào một tệp, { $path } — in không được: { $error }
console-pick-line-ok = { $number }: { $units } món trong phiếu
console-pick-line-partly = { $number }: { $units }/{ $ordered } món trong phiếu (phần còn lại chưa có hàng)
console-pick-skip-unknown = { $number }: không có đơn này; bỏ qua
console-pick-skip-packed = { $number }: đã đóng gói; bỏ qua
console-pick-skip-shipped = { $number }: đã gửi hàng; bỏ qua
console-pick-skip-cancelled = { $number }: đã hủy; bỏ qua
console-pick-skip-not-reserved = { $number }: chưa giữ hàng; bỏ qua
console-pick-none = không đơn nào trong { $total } đơn có hàng để lấy; không lập phiếu
console-pick-title = Phiếu lấy hàng
console-pick-made = Lập lúc { $at }
console-pick-orders = { $count } đơn: { $numbers }
console-pick-col-warehouse = Kho
console-pick-col-bin = Vị trí kệ
console-pick-col-sku = Mã SKU
console-pick-col-item = Sản phẩm
console-pick-col-qty = SL
console-pick-col-picked = Đã lấy
console-pick-total = { $units } món, { $rows } dòng
console-pick-page = Trang { $page }/{ $pages }
console-pick-sent = đã gửi phiếu lấy hàng của { $orders } đơn ({ $units } món) tới `{ $command }` ({ $path })
console-pick-print-failed = đã lưu phiếu lấy hàng của { $orders } đơn vào { $path } — in không được: { $error }
console-pick-skip-awaiting-stock = { $number }: đang chờ hàng về, chưa giữ được món nào; bỏ qua
console-labels-cancelled = { $number }: đơn đã hủy nên không có nhãn
console-shipping-many = Đang gửi các đơn đã đánh dấu
console-shipped-line = { $number }: đã gửi, mã vận đơn { $tracking }
console-shipped-many = Đã gửi { $shipped }/{ $total } đơn
console-pack-resumed = quay lại đơn { $number }: các lần quét vẫn giữ — quét tiếp phần còn lại

## lead (storefronts)
console-hooks-refused = { $count } webhook bị từ chối hôm nay
console-hooks-last = webhook { $span }
console-hooks-none = chưa nhận webhook nào
console-hooks-detail = { $count } trong 24 giờ; gần nhất { $last }
console-field-webhook-path = Địa chỉ webhook
console-field-webhooks = Webhook
console-storefront-not-configured = cấu hình của bảng điều khiển này chưa có `[storefronts.{ $code }]`: hãy thêm nền tảng, khóa và mã bí mật webhook của cửa hàng vào đó
console-storefront-read = { $platform }: đã đọc { $listings } biến thể, { $matched } khớp với hàng của mình theo SKU (đơn đến qua webhook)
console-storefront-no-consent = { $platform } dùng khóa quản trị trong cấu hình: không cần ủy quyền ở đây
console-inbox-person-prefix = Nhân viên: 
console-inbox-needs-person = Cần nhân viên
console-inbox-draft = Có bản nháp
console-inbox-waiting = Đang chờ
console-inbox-assistant = Trợ lý
console-chat-web = Website
console-chat-buyer-unnamed = (chưa có tên)
console-chat-title = { $buyer } trên { $channel }
console-field-answered-by = Người trả lời
console-chat-thread = Tin nhắn
console-chat-buyer = Khách
console-chat-assistant = Trợ lý
console-chat-assistant-model = Trợ lý (mô hình ngôn ngữ)
console-chat-failed = chưa gửi được: { $reason }
console-chat-order-made = đã lên đơn { $number }
console-chat-draft = Bản nháp (s gửi bản đầu tiên, r để sửa)
console-chat-no-draft = (không có bản nháp)
console-chat-orders = Đơn của khách
console-chat-no-phone = (chưa biết số điện thoại: không hiện được đơn của khách)
console-chat-no-orders = (không có đơn theo số này)
console-chat-sent = Đã gửi cho khách.
console-chat-gone = Cuộc trò chuyện đó không còn nữa.
console-chat-taken = Bạn đã nhận cuộc trò chuyện này: trợ lý sẽ không trả lời nữa.
console-chat-handed-back = Đã trả lại: trợ lý trả lời cuộc trò chuyện này như trước.
console-chat-facts = đã nêu: { $facts }
console-fact-order = đơn
console-fact-status = trạng thái
console-fact-tracking = mã vận đơn
console-fact-product = sản phẩm
console-fact-price = giá
console-fact-available = còn
