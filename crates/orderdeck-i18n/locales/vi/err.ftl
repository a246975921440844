# Fields of a form: what a value lacks (shown after the field's name)
err-required = là bắt buộc
err-not-an-amount = `{ $value }` không phải là số tiền
err-longer-than = dài quá { $max } ký tự
err-control-character = chứa ký tự điều khiển ({ $character }): chỉ nhập chữ
err-cannot-be-negative = không được âm
err-implausibly-large = lớn bất thường
err-more-than-2-decimals = có quá 2 chữ số thập phân
err-external-id-empty = đang trống (hãy bỏ trường này đi)
err-order-source = phải là phone, facebook, zalo hoặc other
err-phone-not-vietnamese = `{ $phone }` không phải số điện thoại Việt Nam (10 chữ số bắt đầu bằng 0, hoặc +84…)
err-not-an-email = không phải địa chỉ email
err-payment-cod-or-prepaid = phải là cod hoặc prepaid
err-order-no-lines = đơn hàng cần ít nhất một dòng
err-order-too-many-lines = quá { $max } dòng
err-qty-at-least-1 = phải từ 1 trở lên
err-qty-more-than = quá { $max }
err-line-discounts-exceed = chiết khấu dòng vượt quá tiền hàng của dòng
err-discount-over-goods-total = chiết khấu { $discount } lớn hơn tổng tiền hàng { $subtotal }
err-attribute-shape = `{ $line }`: viết theo dạng Tên: giá trị, giá trị
err-attribute-empty = `{ $line }`: cần một tên và ít nhất một giá trị
err-opening-shape = `{ $part }`: viết theo dạng KHO=số lượng
err-opening-units = `{ $part }`: số lượng phải là số nguyên từ 0 trở lên
err-length-1-300 = 1–300 ký tự
err-length-1-200 = 1–200 ký tự
err-at-most-chars = tối đa { $max } ký tự
err-vat-rate-choices = 0, 5, 8, 10, KCT hoặc KKKNT
err-attributes-at-most-three = tối đa ba thuộc tính (ví dụ màu, cỡ, chất liệu)
err-too-many-variants = { $count } tổ hợp: mỗi sản phẩm tối đa 200 biến thể
err-sku-prefix = chữ, số, - hoặc _ (biến thể thành TIỀNTỐ-1, TIỀNTỐ-2 …)
err-not-a-link = `{ $url }` không phải đường dẫn http(s)
err-buffer-empty = nhập số lượng cần giữ lại (0 là không giữ)
err-buffer-negative = số lượng giữ lại không được âm
err-buffer-too-large = tối đa 100.000 đơn vị
err-buffer-not-whole = `{ $value }` không phải số nguyên
err-warehouse-code = 1–16 chữ in hoa, số, - hoặc _ (ví dụ HN, HCM-2)
err-utc-offset = utc_offset `{ $value }` không phải độ lệch giờ dạng "+07:00"
err-return-line-shape = `{ $line }`: viết dòng trả hàng theo dạng SKU:SL:good hoặc SKU:SL:damaged
err-exchange-line-shape = `{ $line }`: viết dòng đổi hàng theo dạng SKU:SL
err-line-qty-whole = `{ $line }`: số lượng phải là số nguyên lớn hơn 0
err-return-condition = `{ $line }`: tình trạng là good (tốt) hoặc damaged (hỏng), không phải `{ $condition }`
err-line-no-sku = `{ $line }`: thiếu SKU
err-decimal-mark-disagrees = các số tiền dùng dấu thập phân khác nhau (`{ $first }` và `{ $second }`): chọn bằng --decimal comma (1.250.000,00) hoặc --decimal point (1,250,000.00)
err-is-empty = đang trống
err-amount-thousands-groups = `{ $value }`: ở đây `{ $mark }` ngăn cách hàng nghìn, theo nhóm ba chữ số
err-amount-negative = `{ $value }` là số âm
err-amount-fraction-of-dong = `{ $value }` có phần lẻ của đồng (đọc `{ $mark }` là dấu thập phân): số tiền phải là đồng chẵn
err-amount-implausibly-large = `{ $value }` lớn bất thường

# An invoice's buyer
err-invoice-kind-vat = hóa đơn GTGT
err-invoice-kind-sales = hóa đơn bán hàng
err-buyer-company-required = là bắt buộc khi có mã số thuế (hóa đơn ghi tên công ty sở hữu mã số thuế đó)
err-buyer-tax-code-required = là bắt buộc: { $kind } cho công ty phải có mã số thuế (MST)
err-buyer-address-required = là bắt buộc: { $kind } cho công ty phải có địa chỉ
err-buyer-name-required = là bắt buộc: { $kind } cần người mua, là tên một người hoặc một công ty kèm mã số thuế
err-too-long-limit = dài { $length } ký tự; tối đa { $max }
err-control-characters = chứa ký tự điều khiển (xuống dòng, tab)
err-tax-code-zero-sequence = các chữ số 3–9 của mã số thuế không thể đều là 0
err-tax-code-zero-branch-range = 000 không phải mã chi nhánh: chi nhánh từ 001 đến 999
err-tax-code-check-digit-should-be = chữ số kiểm tra (chữ số thứ 10) phải là { $expected }, không phải { $actual }: kiểm tra xem có gõ nhầm số không
err-tax-code-impossible-start = không mã số thuế nào bắt đầu bằng { $start }: chữ số kiểm tra sẽ là 10
err-tax-code-contains = chứa `{ $character }`; mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 số chi nhánh (0123456789-001)
err-tax-code-13-digits = có 13 chữ số không có gạch ngang; viết chi nhánh sau dấu gạch ngang: { $written }
err-tax-code-digit-count = có { $count } chữ số; mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 số chi nhánh (0123456789-001)
err-tax-code-digits-before-dash = có { $count } chữ số trước dấu gạch ngang; cần 10
err-tax-code-branch-digits = chi nhánh sau dấu gạch ngang có { $count } chữ số; cần 3 (001–999)
err-tax-code-dashes = có nhiều hơn một dấu gạch ngang; mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 số chi nhánh (0123456789-001)
err-email-one-only = chỉ nhập một địa chỉ (MISA chỉ nhận một địa chỉ)
err-email-spaces = địa chỉ email không được chứa dấu cách
err-email-no-at = `{ $email }` không có @; địa chỉ email có dạng an@example.vn
err-email-two-at = địa chỉ email chỉ có đúng một @
err-email-nothing-before-at = không có gì trước @; địa chỉ email có dạng an@example.vn
err-email-domain = `{ $domain }` sau @ không phải tên miền như example.vn

# Tax codes, VAT rates, invoice symbols and lines
err-tax-code-shape = mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 số chi nhánh (0123456789-001)
err-tax-code-check-digit = chữ số kiểm tra (thứ 10) của mã số thuế { $code } bị sai
err-tax-code-zero-branch = 000 không phải mã chi nhánh
err-unknown-order-status = không rõ trạng thái đơn `{ $status }`
err-words-negative = số tiền bằng chữ không được âm ({ $amount })
err-words-fraction = số tiền bằng chữ phải là đồng chẵn ({ $amount } có phần lẻ)
err-words-too-large = { $amount } quá lớn để viết bằng chữ
err-vat-rate-unknown = `{ $rate }` không phải thuế suất GTGT: dùng 0, 5, 8, 10, KCT hoặc KKKNT
err-vat-rate-other = không hỗ trợ thuế suất khác (`{ $rate }`, KHAC:x% của MISA): dùng 0, 5, 8, 10, KCT hoặc KKKNT
err-invoice-line-qty = số lượng phải từ 1 trở lên, không phải { $qty }
err-invoice-line-negative-price = đơn giá không được âm ({ $price })
err-invoice-line-overflow = số tiền quá lớn, không tính được
err-invoice-no-lines = hóa đơn cần ít nhất một dòng
err-invoice-line = dòng { $line }: { $error }
err-invoice-total-overflow = tổng hóa đơn quá lớn, không tính được
err-symbol-length = ký hiệu hóa đơn có 7 ký tự (số mẫu, C hoặc K, 2 số năm, chữ loại hóa đơn, 2 chữ cái, ví dụ 1C26TAA); `{ $symbol }` có { $count }
err-symbol-template = ký tự thứ 1 là số mẫu, 1 (hóa đơn GTGT) hoặc 2 (hóa đơn bán hàng), không phải `{ $character }`
err-symbol-other-template = orderdeck không xuất mẫu { $template } ({ $meaning }): dùng 1 (hóa đơn GTGT) hoặc 2 (hóa đơn bán hàng)
err-symbol-code-letter = ký tự thứ 2 là C (có mã của cơ quan thuế) hoặc K (không có mã), không phải `{ $character }`
err-symbol-year = ký tự 3–4 là hai số cuối của năm lập hóa đơn, không phải `{ $year }`
err-symbol-form = ký tự thứ 5 là loại hóa đơn (T, D, L, M, N, B, G hoặc H), không phải `{ $character }`
err-symbol-form-template = loại { $form } ({ $meaning }) thuộc mẫu { $needs }, không thuộc mẫu { $template }
err-symbol-letters = hai ký tự cuối là chữ in hoa A–Z do người bán tự đặt, không phải `{ $letters }`
err-symbol-year-range = năm { $year } không thể dùng trong ký hiệu hóa đơn (2000–2099)
err-symbol-wrong-year = ký hiệu dành cho năm { $symbol }, nhưng hóa đơn lập năm { $issued }

# Addresses a carrier's list of places cannot settle
err-place-within = {" "}thuộc { $place }
err-place-written-unlike = { $level } "{ $written }"{ $within } viết khác với { $listed }: hãy xác nhận
err-place-fits-many = { $level } "{ $written }"{ $within } khớp với { $count } nơi
err-place-missing = địa chỉ thiếu { $level }{ $within }
err-place-none = không có { $level } "{ $written }"{ $within }
err-level-province = tỉnh/thành
err-level-district = quận/huyện
err-level-ward = phường/xã

# Roles and what each may do
err-unknown-role = không rõ vai trò { $role }: packer, support, manager hoặc admin
err-role-may-not = vai trò của bạn ({ $role }) không được { $what }: cần { $least } trở lên
err-duty-pack = đóng gói và gửi hàng
err-duty-receive-goods = nhập kho
err-duty-edit-orders = tạo, sửa hoặc hủy đơn hàng
err-duty-handle-parcels = xử lý sự cố giao hàng
err-duty-invoice = xuất hoặc thay thế hóa đơn
err-duty-refund = nhận trả hàng hoặc hoàn tiền
err-duty-draft-purchases = soạn đơn mua hàng (PO)
err-duty-purchase = xác nhận hoặc hủy đơn mua hàng (PO)
err-duty-adjust-stock = kiểm kê hoặc điều chỉnh tồn kho
err-duty-reconcile-cod = đối soát tiền COD (thu hộ)
err-duty-edit-catalog = thay đổi sản phẩm, kho hoặc nhà cung cấp
err-duty-channels = quản lý gian hàng trên sàn
err-duty-people = quản lý người dùng và vai trò
err-duty-answer-buyers = trả lời tin nhắn của khách

# Orders: finding, editing, cancelling
err-no-order = không có đơn { $number }
err-order-conflict = đơn { $number } đã được { $by } sửa sau khi bạn mở (phiên bản { $yours } → { $current }); chưa lưu gì — đơn đã được tải lại, hãy sửa lại lần nữa
err-order-wrong-state = đơn { $number } đang ở trạng thái { $status }: không thể { $what } nữa
err-what-cancelling = hủy đơn
err-what-this-edit = sửa như thế này
err-someone = người khác
err-must-be-1-200-chars = phải dài 1–200 ký tự
err-phone-not-vietnamese-short = `{ $phone }` không phải số điện thoại Việt Nam
err-order-edit-no-lines = đơn hàng cần ít nhất một dòng (nếu không thì hủy đơn)
err-qty-range = phải từ 1 đến { $max }
err-unknown-sku = không có SKU `{ $sku }`

# Packing
err-pack-scan-something = quét mã vạch hoặc nhập SKU
err-pack-order-gone = đơn này không còn nữa
err-pack-already-packed = đơn { $number } đã đóng gói rồi
err-pack-packed-by-other = đơn { $number } đang được { $station } đóng gói
err-pack-not-here = đơn { $number } đang ở trạng thái { $status }, không đóng gói ở đây
err-pack-not-in-order = `{ $code }` không có trong đơn { $number }: hãy để lại chỗ cũ
err-pack-one-too-many = thừa một { $sku }: đơn { $number } chỉ cần { $qty }

# Stock counts
err-no-active-warehouse = không có kho { $warehouse } đang hoạt động
err-count-nothing = không có gì để kiểm kê ở đó
err-count-qty-range = số lượng từ -10.000 đến 10.000, khác 0
err-count-not-in-count = `{ $code }` không có trong đợt kiểm kê này (hoặc đợt kiểm kê đã đóng, hoặc số lượng sẽ xuống dưới 0)
err-no-stock-count = không có đợt kiểm kê { $count }
err-stock-count-status = đợt kiểm kê { $count } đang ở trạng thái { $status }
err-count-below-reserved = { $sku } đếm được { $counted } nhưng đã giữ hàng { $reserved }
err-count-not-posted = chưa ghi sổ: { $lines }

# Shipping
err-ship-not-packed = đơn { $number } đang ở trạng thái { $status }: chỉ gửi được đơn đã đóng gói
err-ship-already-shipped = đơn { $number } đã có lô gửi { $tracking } với { $carrier }
err-ship-unsure = { $carrier } không trả lời rõ ràng ({ $cause }); lô gửi được giữ ở trạng thái chờ với mã { $code }: hãy chạy lại đúng lệnh đó — lệnh sẽ tra kiện hàng trước và không bao giờ tạo kiện thứ hai
err-ship-held = { $cause }; chưa rõ kết quả lần thử trước, nên lô gửi vẫn ở trạng thái chờ với mã { $code }: hãy chạy lại đúng lệnh đó — lệnh sẽ tra kiện hàng trước và không bao giờ tạo kiện thứ hai
err-ship-place = { $carrier } không nhận địa chỉ người nhận ("{ $written }"): { $problem }; chưa gửi gì
err-ship-no-lines = đơn { $number } không có dòng nào: không có gì để gửi
err-ship-weight = khối lượng phải từ 1 g đến 50 kg (đang là { $weight } g)
err-ship-size = mỗi cạnh phải từ 1 đến 150 cm (đang là { $size })
err-ship-receiver-incomplete = đơn { $number } thiếu tên, điện thoại hoặc địa chỉ của người nhận
err-ship-sender-not-set = chưa có người gửi: điền tên, điện thoại và địa chỉ trong mục [shipping.sender] của tệp cấu hình
err-ship-no-such-ward = danh sách địa danh của { $carrier } không có phường/xã { $ward }
err-quantity-too-large = số lượng quá lớn

# Returns and refunds
err-return-no-lines = trả hàng cần ít nhất một dòng
err-return-reason = nhập lý do trả hàng (tối đa 500 ký tự)
err-sku-not-in-order = { $sku } không có trong đơn { $number }
err-return-too-many = { $sku }: yêu cầu trả { $want }, nhưng trong { $qty } đã giao chỉ còn { $left } chưa trả
err-refund-not-positive = số tiền hoàn phải lớn hơn 0
err-refund-method = cách hoàn tiền `{ $method }`: dùng cash (tiền mặt), transfer (chuyển khoản) hoặc channel (qua kênh bán)
err-refund-too-much = hoàn { $amount } là nhiều hơn số đã trả mà chưa hoàn ({ $left })
err-exchange-no-lines = đổi hàng cần ít nhất một dòng
err-exchange-no-manual-channel = đơn đổi hàng là đơn thủ công, nhưng không có kênh bán thủ công nào đang hoạt động
err-return-not-delivered = đơn { $number } đang ở trạng thái { $status }: chỉ trả được hàng đã giao
err-return-all-back = toàn bộ hàng của đơn { $number } đã được trả về

# Purchase orders and receiving goods
err-po-no-warehouse = không có kho nào đang hoạt động để nhập kho
err-no-po = không có đơn mua hàng { $number }
err-po-confirm-not-draft = { $number } đang ở trạng thái { $status }; chỉ xác nhận được bản nháp
err-po-cannot-cancel = { $number } đang ở trạng thái { $status }: không hủy được
err-po-confirm-first = { $number } đang ở trạng thái { $status }: hãy xác nhận trước khi nhập kho
err-po-sku-not-on = { $sku } không có trong { $number }
err-po-negative-qty = { $sku }: số lượng không được âm
err-po-too-many-received = { $sku }: nhận { $received } nhưng chỉ còn chờ { $expected }
err-po-say-why-rejected = { $sku }: ghi lý do từ chối { $rejected }
err-po-nothing-to-receive = không có gì để nhập kho

# ---- store, app services and provider adapters ----

# The database and the embedded server
err-database = cơ sở dữ liệu: { $detail }
err-migrations = nâng cấp cơ sở dữ liệu: { $detail }
err-embedded = PostgreSQL nhúng: { $detail }
err-schema-too-new = lược đồ cơ sở dữ liệu ở phiên bản { $found }, mới hơn phiên bản orderdeck này biết ({ $known }); hãy nâng cấp orderdeck trước khi dùng cơ sở dữ liệu này (chưa thay đổi gì)
err-needs-migrating = lược đồ cơ sở dữ liệu ở phiên bản { $found } còn orderdeck này cần { $known }: chủ cơ sở dữ liệu (một admin) chạy `orderdeck migrate` một lần; chưa thay đổi gì
err-bad-database-url = URL cơ sở dữ liệu không hợp lệ { $url }: { $message }
err-database-unreachable = không kết nối được cơ sở dữ liệu tại { $url }: { $reason }
err-embedded-task-failed = khởi động máy chủ nhúng thất bại: { $error }
err-no-answer-10s = không có phản hồi trong 10 giây
err-pg-binaries-not-found = không tìm thấy các chương trình máy chủ PostgreSQL (initdb, pg_ctl, postgres) trong bindir của pg_config, trên PATH hoặc trong /usr/lib/postgresql/*/bin. Hãy cài đặt (Debian/Ubuntu: `apt-get install postgresql`; Fedora: `dnf install postgresql-server`; macOS: `brew install postgresql`) hoặc chỉ orderdeck tới một máy chủ bằng --database-url
err-command-failed = { $what } thất bại: { $detail }
err-no-service-user = đang chạy với quyền root, nhưng không có người dùng không đặc quyền nào (orderdeck, postgres hoặc nobody) để chạy PostgreSQL
err-embedded-not-ready = PostgreSQL nhúng chưa sẵn sàng sau { $within }; xem { $log }
err-with-server-log =
    { $detail }
    nhật ký máy chủ: { $log }

# E-invoices: drafting, issuing, PDFs, corrections
err-invoice-cannot-be-made =
    không lập được hóa đơn:
    { $problems }
err-invoicing-symbol = ký hiệu hóa đơn `{ $symbol }`: { $error }
err-invoice-cannot-be-issued =
    không xuất được hóa đơn cho đơn { $order }:
    { $problems }
err-invoice-already-issued = đơn { $order } đã có hóa đơn { $number } (ký hiệu { $series }, { $provider }): hóa đơn đã xuất thì không bao giờ sửa — muốn thay đổi, hãy xuất hóa đơn thay thế
err-invoice-issuing-elsewhere = đơn { $order } có hóa đơn đang được xuất qua { $provider }: chạy lại lệnh với --provider { $provider } để hoàn tất (không bao giờ lập hóa đơn thứ hai)
err-invoice-unsure = { $provider } không trả lời rõ ràng ({ $cause }); hóa đơn của đơn { $order } được giữ ở trạng thái đang xuất với giao dịch { $uuid }: hãy chạy lại đúng lệnh đó — lệnh sẽ tra hóa đơn trước và không bao giờ xuất hóa đơn thứ hai
err-invoice-held = { $cause }; chưa rõ kết quả lần thử trước, nên hóa đơn của đơn { $order } vẫn ở trạng thái đang xuất với giao dịch { $uuid }: hãy chạy lại đúng lệnh đó — lệnh sẽ tra hóa đơn trước và không bao giờ xuất hóa đơn thứ hai
err-order-says = đơn { $order }: { $message }
err-invoice-line-config = dòng hóa đơn { $line }: { $error }
err-total-in-words = tổng tiền bằng chữ: { $error }
err-invoice-corrects-unissued = dòng hóa đơn { $id } điều chỉnh một hóa đơn chưa từng được xuất
err-invoice-seller-not-set = chưa có người bán: điền seller_name, seller_tax_code và seller_address trong mục [invoicing] của tệp cấu hình
err-auto-provider = invoicing.auto_provider = `{ $code }`: dùng sinvoice hoặc misa
err-auto-template = invoicing.auto_template = `{ $template }`: dùng vat hoặc sales
err-pdf-no-invoice = chưa có hóa đơn: xuất hóa đơn bằng `orderdeck invoice issue`
err-pdf-not-issued = hóa đơn đang ở trạng thái { $status }, chưa xuất: chưa có PDF
err-pdf-no-provider = PDF của hóa đơn chưa được tải về từ nhà cung cấp, và hiện không có nhà cung cấp nào được cấu hình để tải
err-pdf-not-sent = PDF của hóa đơn chưa được lưu và { $provider } không gửi được: { $error }
err-pdf-empty = { $provider } gửi về một PDF rỗng
err-return-ref = trả hàng { $id }
err-return-not-received = phiếu trả hàng { $id } đang ở trạng thái { $status }: chỉ hàng đã nhận về mới làm thay đổi hóa đơn
err-return-already-replaced = phiếu trả hàng { $id } của đơn { $order } đã có hóa đơn thay thế { $number }
err-replace-say-why = ghi lý do thay thế hóa đơn (--reason): lý do này được gửi cho nhà cung cấp
err-nothing-to-replace = đơn { $order } chưa có hóa đơn đã xuất để thay thế: hãy xuất hóa đơn mới
err-invoice-unknown-provider-named = hóa đơn { $id }: không rõ nhà cung cấp { $provider }
err-invoice-unknown-provider = hóa đơn { $id }: không rõ nhà cung cấp
err-invoice-unknown-template = hóa đơn { $id }: không rõ mẫu số
err-replacement-no-lines = toàn bộ hàng trên hóa đơn { $invoice } đã được trả về: hóa đơn thay thế sẽ không có dòng nào
err-invoice-being-replaced = đơn { $order }: hóa đơn đang được thay thế rồi (ở máy khác, hoặc từ lần thử trước); chạy lại để thấy nó hoàn tất
err-mail-no-invoice = đơn { $order } chưa có hóa đơn đã xuất: xuất hóa đơn bằng `orderdeck invoice issue`
err-mail-no-pdf = đơn { $order }: PDF của hóa đơn { $invoice } chưa được lưu: `orderdeck invoice pdf { $order } --out FILE` sẽ tải về từ nhà cung cấp và lưu lại
err-mail-no-recipient = đơn { $order }: người mua không có địa chỉ e-mail: dùng --to
err-mail-bad-recipient = đơn { $order }: "{ $address }" không phải là địa chỉ e-mail
err-mail-not-sent = đơn { $order }: chưa gửi được hóa đơn: { $error }
err-mail-not-recorded = đơn { $order }: hóa đơn { $invoice } đã gửi tới { $to }, nhưng không ghi được vào lịch sử đơn: { $error }
err-mail-not-built = không tạo được thư: { $error }

# Carriers' lists of places
err-places-no-list = { $carrier } nhận tên địa danh, không có danh sách địa danh để tải về
err-places-empty = { $carrier } gửi về danh sách địa danh rỗng; giữ nguyên danh sách đã lưu (nếu có)
err-places-fetch = không tải được danh sách địa danh của { $carrier }: { $cause }

# Sales channels: pulling orders, shops
err-no-channel-id = không có kênh bán đang hoạt động với id { $id }
err-channel-busy = { $channel } đang được tải đơn rồi (bởi tiến trình nền hoặc một console khác); đơn sẽ về khi lần tải đó xong
err-channel-wrong-kind = kênh bán { $code } là kênh { $kind }; trình kết nối này dành cho { $expected }
err-channel-status-unknown = trạng thái `{ $status }` của { $channel } là trạng thái lạ: chưa nhận đơn nào
err-channel-no-phone = không có số điện thoại dùng được của người mua (`{ $phone }`): có thể { $channel } đã ẩn số
err-channel-no-buyer-name = không có tên người mua
err-channel-no-lines = không có dòng hàng nào
err-channel-line-no-sku = dòng `{ $line }` không có SKU người bán trên { $channel }: hãy điền SKU của mình vào sản phẩm trên sàn

# Sealed shop tokens
err-secret-wrong-key = token đã lưu được niêm phong bằng khóa khác với khóa của máy này: đặt ORDERDECK_SECRET_KEY bằng khóa của máy đã cấp quyền cho gian hàng (hoặc cấp quyền lại tại đây)
err-secret-damaged = một giá trị niêm phong bị hỏng: hãy cấp quyền lại cho gian hàng
err-secret-bad-key = khóa bí mật phải là 32 byte dạng base64 (như trong tệp secret.key của thư mục dữ liệu)
err-secret-no-key = token đã lưu được niêm phong nhưng tiến trình này không có khóa: đặt ORDERDECK_SECRET_KEY

# People and their logins
err-bad-login = { $login } không phải là tên đăng nhập: 1 đến 63 chữ thường, chữ số, '_', '.' hoặc '-', bắt đầu bằng một chữ cái (tên bắt đầu bằng orderdeck_ hoặc pg_ là của máy chủ)
err-login-taken = { $login } đã có người dùng: hãy chọn tên đăng nhập khác
err-short-password = mật khẩu cần ít nhất 8 ký tự
err-people-admin-only = chỉ admin mới được quản lý người dùng ({ $detail })
err-full-name = họ tên chỉ được là chữ (không có ký tự điều khiển), tối đa 200 ký tự

# Catalogue CSV import
err-csv-bad-rows =
    chưa nhập gì; { $count } dòng lỗi:
    { $rows }
err-csv-line = {"  "}dòng { $line }: { $problem }
err-csv-implausibly-large = { $column } `{ $value }` lớn bất thường
err-csv-column = { $column }: { $problem }
err-csv-vat-rate = vat_rate `{ $value }` phải là 0, 5, 8, 10, KCT hoặc KKKNT
err-csv-header = dòng tiêu đề phải là `{ $expected }`, nhưng đang là `{ $found }`
err-csv-unreadable-header = không đọc được dòng tiêu đề: { $error }
err-csv-unreadable = không đọc được: { $error }
err-csv-field-count = có { $found } cột, cần { $expected }
err-csv-product-name = tên sản phẩm bị trống hoặc dài quá 300 ký tự
err-csv-sku = sku `{ $sku }` phải dài 1–64 ký tự, không có dấu cách
err-csv-attr-pair = attr{ $n } và value{ $n } phải đi cùng nhau
err-csv-opening-stock = opening_stock `{ $value }` phải là số nguyên từ 0 trở lên
err-csv-opening-needs-warehouse = opening_stock cần có kho
err-csv-control-character = { $column } có ký tự điều khiển ({ $character }): chỉ được là chữ
err-csv-attributes-differ = sản phẩm `{ $product }` có thuộc tính { $here } ở đây nhưng { $there } ở dòng { $line }
err-csv-sku-other-variant = sku { $sku } đã là một biến thể khác ở dòng { $line }
err-csv-sku-warehouse-repeat = sku { $sku } và kho trùng với dòng { $line }
err-csv-variant-taken = sản phẩm `{ $product }` đã có biến thể { $values }
err-csv-barcode-twice = mã vạch { $barcode } cũng là của SKU { $sku }
err-csv-sku-exists = sku { $sku } đã có
err-csv-barcode-taken = mã vạch { $barcode } đã thuộc về SKU khác
err-csv-no-warehouse = không có kho đang hoạt động `{ $warehouse }`

# Taking orders in, importing files
err-import-order = đơn thứ { $index } ({ $what }): { $source }; chưa nhập gì
err-order-not-valid =
    đơn hàng không hợp lệ:
    { $problems }
err-intake-no-outcome = nhận đơn không trả về kết quả
err-intake-unknown-channel = không rõ kênh bán `{ $channel }`; các kênh đã biết: { $known }
err-intake-unknown-warehouse = không rõ kho `{ $warehouse }`
err-intake-queue-stopped = hàng đợi nhận đơn đã dừng

# Listings and stock on the marketplaces
err-sync-window = `{ $window }` không phải là khung giờ dạng "01:00-05:00"
err-sync-window-empty = `{ $window }`: khung giờ trống
err-listings-too-many-pages = đã dừng sau { $pages } trang sản phẩm trên sàn
err-listing-no-price = chưa có giá bán
err-listing-no-category = chưa có danh mục { $channel } cho sản phẩm thuộc { $category }: đặt category_id (hoặc categories) trong { $section }
err-listing-no-image = không có ảnh nào { $channel } nhận được: đặt images trong { $section }
err-listing-no-weight = chưa có khối lượng: nhập cho biến thể, hoặc đặt weight_grams trong { $section }
err-no-variant-sku = không có biến thể nào có SKU { $sku }
err-listing-not-found-either = { $error }; tìm lại cũng không thấy: { $again }
err-listing-not-tried = chưa thử: { $error }
err-stock-held-back = { $channel }: tạm hoãn { $seconds } giây do lần bị giới hạn tốc độ trước
err-stock-no-result = { $channel }: không có kết quả cho { $sku }

# Parcels after shipping: tracking, notes, COD money
err-shipment-no-tracking = lô gửi { $code } chưa có mã vận đơn
err-unknown-carrier = không rõ đơn vị vận chuyển { $carrier }
err-note-length = ghi chú cần từ 1 đến 2000 ký tự
err-amount-cannot-be-negative = số tiền không được âm
err-cod-already-recorded = tiền COD của { $parcel } đã được ghi nhận rồi
err-remit-amount = số tiền { $error }
err-remit-date = ngày phải có dạng YYYY-MM-DD hoặc DD/MM/YYYY
err-remit-no-tracking = không có mã vận đơn

# Background work, products, checks
err-shop-not-authorised = { $channel }: gian hàng chưa được cấp quyền (chưa lưu token); đơn của gian hàng sẽ chưa được tải về cho đến khi cấp quyền
err-stock-sync-no-shop = đồng bộ tồn kho: không mở được gian hàng nào trên sàn
err-stock-sync-not-started = đồng bộ tồn kho KHÔNG chạy: { $error }
err-check-shop-not-authorised = đã cấu hình, nhưng gian hàng chưa được cấp quyền: `orderdeck channels link { $channel }`, rồi `channels connect { $channel } --code …`
err-product-sku-exists = SKU { $skus } đã có
err-reorder-negative = { $sku }: mức đặt hàng lại không được âm
err-not-a-variant-of-product = { $sku } không phải là biến thể của sản phẩm này
err-prices-negative = { $sku }: giá không được âm

# The config file and environment
err-config-read = không đọc được tệp cấu hình { $path }: { $source }
err-config-file = tệp cấu hình { $path }: { $message }
err-config-env = biến môi trường { $var }: { $message }
err-config-language = ngôn ngữ `{ $code }` không có trong orderdeck: dùng "vi", "id" hoặc "en"
err-config-currency = orderdeck không hiển thị tiền tệ `{ $code }`: dùng "VND" hoặc "IDR"
err-config-line = dòng { $line }: { $problem }
err-config-empty-key = khóa trống
err-config-not-a-table = `{ $key }` không phải là một bảng

# Sending e-mail
err-mail-not-set-up = chưa cài đặt e-mail: thêm mục [smtp] với host và from (và username, password) vào tệp cấu hình, hoặc đặt ORDERDECK_SMTP__HOST, ORDERDECK_SMTP__FROM, …
err-mail-config = mục [smtp] trong cấu hình: { $problem }
err-mail-connect = không kết nối được máy chủ thư { $server }: { $cause }
err-mail-timeout = máy chủ thư { $server } không trả lời trong vòng { $within }
err-mail-auth = máy chủ thư { $server } từ chối đăng nhập của { $username }, trả lời: “{ $reply }”
err-mail-auth-required = máy chủ thư { $server } yêu cầu đăng nhập: đặt smtp.username và smtp.password
err-mail-tls = TLS với máy chủ thư { $server } thất bại: { $cause }
err-mail-refused = máy chủ thư { $server } từ chối thư, trả lời: “{ $reply }”
err-mail-deferred = máy chủ thư { $server } hiện chưa nhận thư (hãy thử lại sau), trả lời: “{ $reply }”
err-mail-other = gửi thư qua máy chủ { $server } thất bại: { $cause }
err-smtp-host-empty = `smtp.host` đang trống: ghi tên máy chủ thư, ví dụ smtp.example.vn
err-smtp-password-without-username = `smtp.password` đã đặt nhưng `smtp.username` thì chưa
err-smtp-timeout-zero = `smtp.timeout_secs` phải ít nhất là 1
err-smtp-address-empty = `{ $key }` đang trống: ghi một địa chỉ, ví dụ "Shop Ánh Dương <hoadon@example.vn>"
err-smtp-not-an-address = `{ $key }` = "{ $value }" không phải là địa chỉ e-mail: ghi dạng user@domain hoặc "Shop Ánh Dương <hoadon@example.vn>"
err-smtp-connection-refused = kết nối bị từ chối (máy chủ có đang chạy không, và smtp.port có đúng không?)
err-smtp-security-none = security = "none" sẽ gửi mật khẩu không mã hóa tới { $host }: dùng "starttls" hoặc "tls" ("none" chỉ dành cho máy chuyển tiếp trên chính máy này)
err-smtp-no-noop = máy chủ không trả lời lệnh NOOP
err-no-answer-in-time = không có phản hồi kịp thời

# Carriers, e-invoice providers and marketplaces: what they answered. A provider's own words (free text) stay as it wrote them, in quotes, so a reader knows they are its words.
err-carrier-refused = { $carrier } từ chối, trả lời: “{ $message }”
err-provider-auth = { $provider } không chấp nhận thông tin đăng nhập của mình, trả lời: “{ $message }”
err-provider-rate-limited = { $provider } yêu cầu gửi chậm lại (HTTP 429); thử lại sau { $seconds } giây
err-provider-timeout = { $provider } không trả lời kịp
err-provider-unavailable = { $provider } đang không hoạt động (HTTP { $status })
err-provider-malformed = { $provider } gửi về câu trả lời không đọc được: { $detail }
err-provider-network = không kết nối được { $provider }: { $detail }
err-provider-not-configured = { $provider } chưa được cấu hình: { $detail }
err-carrier-not-asked = chưa gửi yêu cầu tới { $carrier }: { $detail }
err-invoice-provider-refused = { $provider } từ chối, trả lời: “{ $message }”
err-invoice-provider-refused-code = { $provider } từ chối ({ $code }), trả lời: “{ $message }”
err-channel-token-expired = { $channel }: access token đã hết hạn (“{ $message }”)
err-channel-rate-limited = { $channel } yêu cầu gửi chậm lại; thử lại sau { $seconds } giây
err-channel-refused = { $channel } từ chối ({ $code }), trả lời: “{ $message }”
err-channel-refused-ours = { $channel } không nhận ({ $code }): { $message }
err-channel-refused-param = { $channel } từ chối ({ $code }): yêu cầu có giá trị sàn không chấp nhận — “{ $message }”
err-channel-refused-not-found = { $channel } từ chối ({ $code }): sàn không tìm thấy sản phẩm này — “{ $message }”
err-channel-tokens-not-saved = { $channel } đã cấp token mới nhưng không lưu được ({ $detail }); token dùng được cho đến khi chương trình này dừng, sau đó phải cấp quyền lại cho gian hàng

## Marketplace fulfilment (issue 16)
err-tracking-taken = mã vận đơn { $tracking } đã thuộc về một lô gửi khác
err-fulfil-not-marketplace = đơn { $number } không phải đơn sàn: hãy gửi bằng GHN hoặc Viettel Post
err-fulfil-wrong-shop = đơn { $number } là đơn { $platform }
err-fulfil-no-external-id = đơn { $number } không có mã đơn của sàn nên sàn không thể giao
err-fulfil-cancel-requested = người mua đã yêu cầu hủy đơn { $number } ({ $reason }): hãy đồng ý hoặc từ chối yêu cầu trước khi giao
err-fulfil-unsure = { $platform } không trả lời rõ ràng ({ $cause }); lô gửi được giữ ở trạng thái đã yêu cầu: nhấn S lần nữa — sẽ tra trên { $platform } trước và không bao giờ sắp xếp hai lần
err-fulfil-mixed-shops = các đơn đã đánh dấu thuộc nhiều gian hàng hoặc dùng hãng vận chuyển riêng: mỗi lần chỉ sắp xếp đơn của một gian hàng
err-fulfil-no-answer = { $platform } không trả lời cho đơn này; đơn được giữ ở trạng thái đã yêu cầu và sẽ được tra lại
err-fulfil-no-cancel-request = đơn { $number } không có yêu cầu hủy nào đang chờ
err-pack-cancel-requested = dừng lại: người mua đã yêu cầu hủy đơn { $number } ({ $reason }). Hãy đồng ý (a) hoặc từ chối (r) yêu cầu trước
err-fulfil-split = { $platform } đã tách đơn { $number } thành nhiều kiện; orderdeck giao mỗi đơn một kiện: hãy sắp xếp các kiện này trong Seller Center của { $platform }
## cancel
err-cancel-reason-unknown = "{ $code }" không phải lý do hủy; hãy dùng một trong: { $codes }
err-cancel-note-required = hãy ghi lý do vào ghi chú: bắt buộc khi chọn "lý do khác"
err-cancel-note-too-long = ghi chú dài { $count } ký tự; tối đa { $max }
err-cancel-note-control = ghi chú chỉ là một dòng chữ: không xuống dòng, không ký tự điều khiển
err-cancel-invoice-no-provider = máy này chưa cấu hình nhà cung cấp hóa đơn điện tử ([invoices] trong tệp cấu hình)
err-cancel-invoice-unsure = chưa hủy đơn { $number }: hóa đơn của đơn đang được xuất qua { $provider } (chưa nhận được trả lời). Hãy hoàn tất trước (orderdeck invoice issue { $number } --provider { $provider }) rồi mới hủy: hóa đơn điều chỉnh phải ghi số của hóa đơn đó

## lead (storefronts)
err-storefront-code-taken = mã kênh `{ $code }` đã được dùng cho một cửa hàng không thuộc { $kind }: hãy đặt tên khác cho `[storefronts.{ $code }]`

## storefront-hooks
err-hook-missing-signature = webhook không có chữ ký: đã từ chối (chỉ cửa hàng biết khóa bí mật của webhook mới được gửi đơn tới đây)
err-hook-bad-signature = chữ ký của webhook không khớp: đã từ chối (khóa bí mật khác, hoặc nội dung bị thay đổi trên đường gửi)
err-hook-malformed = webhook có chữ ký hợp lệ nhưng không đọc được trường `{ $field }`: đã từ chối
err-hook-wrong-platform = webhook đến từ một nền tảng khác với nền tảng của kênh này: hãy trỏ webhook của cửa hàng đó tới địa chỉ của đúng kênh
err-storefront-ships-itself = đơn từ website { $platform } được giao bằng đơn vị vận chuyển của bạn (khung 4 hoặc bàn đóng gói), { $platform } không sắp xếp vận chuyển

## intake-api
err-api-unknown-scope = phạm vi `{ $scope }` không tồn tại; các phạm vi có: { $known }
err-api-no-scope = hãy ghi ít nhất một phạm vi: { $known }
err-api-key-bad-name = `{ $name }` không dùng được làm tên khóa API: chỉ dùng chữ thường, chữ số, '.', '_' hoặc '-' (tối đa 63 ký tự), bắt đầu bằng chữ hoặc số
err-api-key-name-taken = đã có khóa API tên `{ $name }` (khóa đã thu hồi vẫn giữ tên): hãy chọn tên khác
err-api-key-not-found = không có khóa API nào tên `{ $name }` (`orderdeck keys list` liệt kê các khóa)
err-api-key-unknown-channel = không có kênh bán `{ $channel }`: hãy gắn khóa với một kênh đang có (khung 9 liệt kê các kênh)
err-api-no-token = Yêu cầu này cần một khóa API, gửi dưới dạng `Authorization: Bearer <token>`.
err-api-invalid-token = Khóa API không tồn tại hoặc đã bị thu hồi.
err-api-insufficient-scope = Khóa API này không có phạm vi `{ $scope }` mà yêu cầu này cần.
err-api-channel-bound = Khóa API này chỉ được gửi đơn cho kênh `{ $bound }`, không được gửi cho `{ $channel }`.
err-api-channel-marketplace = `{ $channel }` là kênh sàn thương mại điện tử: đơn của kênh này đến từ sàn, chỉ khóa được gắn với đúng kênh đó mới được gửi.
err-api-stock-channel-bound = Khóa API này được gắn với kênh `{ $bound }`; không được xem tồn kho cho `{ $channel }`.
err-api-unknown-channel = không có kênh bán `{ $channel }`
err-api-idempotency-missing = Yêu cầu này cần tiêu đề Idempotency-Key (một UUID mới cho mỗi đơn) để có thể gửi lại an toàn.
err-api-idempotency-missing-field = bắt buộc
err-api-idempotency-empty = Idempotency-Key đang trống.
err-api-idempotency-too-long = Idempotency-Key có { $length } ký tự; tối đa { $max } ký tự.
err-api-idempotency-bad-character = Idempotency-Key chứa { $character }: chỉ được dùng ký tự ASCII nhìn thấy được (trong khóa không có dấu cách, dấu ngoặc kép hay dấu gạch chéo ngược).
err-api-idempotency-bad-quoting = Idempotency-Key phải là một khóa duy nhất: một chuỗi trong ngoặc kép hoặc một chuỗi trần, không có gì phía sau.
err-api-idempotency-reused = Idempotency-Key này đã được dùng trước đó với nội dung yêu cầu khác. Hãy dùng khóa mới cho đơn mới.
err-api-idempotency-reused-field = đã dùng với nội dung khác
err-api-idempotency-in-flight = Một yêu cầu với Idempotency-Key này vẫn đang được xử lý. Hãy thử lại sau giây lát.
err-api-body-too-large = Nội dung yêu cầu lớn hơn { $max } byte. Chưa ghi gì.
err-api-body-too-slow = Nội dung yêu cầu không đến đủ trong { $seconds } giây. Chưa ghi gì.
err-api-body-unreadable = Không đọc được nội dung yêu cầu: { $reason }
err-api-not-json = Nội dung yêu cầu phải là application/json, không phải { $given }. Chưa ghi gì.
err-api-malformed-json = Nội dung yêu cầu không phải JSON hợp lệ: { $reason }. Chưa ghi gì.
err-api-not-an-order = Nội dung là JSON nhưng không phải một đơn hàng (xem errors). Chưa ghi gì.
err-api-invalid-order = Không nhận được đơn: { $count } lỗi, liệt kê trong errors. Chưa ghi gì.
err-api-order-not-found = Không có đơn { $number } mà khóa API này được xem.
err-api-stock-no-sku = Hãy ghi các mã SKU cần xem: ?sku=A,B
err-api-stock-too-many = Đã hỏi { $count } mã SKU; tối đa { $max } mã mỗi yêu cầu.
err-api-bad-query = Không đọc được chuỗi truy vấn: { $reason }
err-api-unavailable = Hiện không xử lý được yêu cầu và chưa ghi gì. Hãy thử lại sau giây lát (với cùng Idempotency-Key).
err-api-method-not-allowed = Đường dẫn này không nhận phương thức này.
err-api-no-such-path = API của orderdeck không có đường dẫn này (xem /v1/openapi.json).
err-chat-empty = Tin nhắn trống.
err-chat-too-long = Tin nhắn dài quá { $max } ký tự.
err-chat-buyer = Thiếu mã người mua, mã quá dài hoặc có ký tự điều khiển.
err-chat-no-draft = Cuộc trò chuyện này không có bản nháp để gửi (đã gửi, hoặc tin nhắn mới hơn đã thay nó).
err-chat-message-id = Mã tin nhắn phải dài 1–200 ký tự, không có ký tự điều khiển.
err-chat-no-client = { $channel } chưa được kết nối (chưa cấu hình): hãy tự trả lời ở đó, hoặc cấu hình kênh.
err-chat-window-24h = Chưa gửi: khách nhắn lần cuối đã hơn 24 giờ, sau đó Messenger chỉ cho nhân viên trả lời (tối đa 7 ngày).
err-chat-window-7d = Chưa gửi: khách nhắn lần cuối đã hơn 7 ngày; Messenger không nhận trả lời cho đến khi khách nhắn lại.
err-chat-window-never = Chưa gửi: khách chưa nhắn cho Trang, và Trang không được bắt đầu cuộc trò chuyện.
err-mchat-too-long = Chưa gửi: { $channel } chỉ nhận tối đa { $max } ký tự một tin nhắn.
err-mchat-empty = Chưa gửi: câu trả lời trống.
err-mchat-link = Chưa gửi: { $channel } không cho gửi đường link trong tin nhắn; hãy bỏ "{ $link }" rồi gửi lại.
err-mchat-window-7d = Chưa gửi: khách nhắn lần cuối đã hơn 7 ngày, mà { $channel } chỉ cho shop 7 ngày để trả lời; cuộc trò chuyện đã đóng cho đến khi khách nhắn lại.
err-mchat-never = Chưa gửi: khách này chưa nhắn cho shop trên { $channel }, và orderdeck không tự bắt đầu cuộc trò chuyện ở đó.
err-mchat-no-thread = Chưa gửi: ở đây chưa có cuộc trò chuyện { $channel } nào với khách này để trả lời.
err-mchat-bad-buyer = Chưa gửi: "{ $buyer }" không phải mã người mua của { $channel }.
err-mchat-rules = Chưa gửi: quy tắc trò chuyện của TikTok Shop không còn cho nhắn khách này (45109001); khách có thể nhắn lại cho shop.
err-mchat-quota = Chưa gửi: shop đã dùng hết hạn mức tin nhắn TikTok Shop hôm nay (10.000 lần gọi, 45101004); hãy thử lại ngày mai.
err-mchat-sensitive = Chưa gửi: TikTok Shop thấy trong câu trả lời có từ ngữ chính sách không cho phép (45101006); hãy viết lại.
err-mchat-no-permission = Chưa gửi: { $channel } báo ứng dụng này không có quyền với cuộc trò chuyện này.
err-mchat-shopee-no-chat = Chưa gửi: ứng dụng này không có quyền chat trên Shopee (Shopee chỉ cấp chat người bán cho ứng dụng loại Customer Service của đối tác bên thứ ba).
err-mchat-lazada-no-im = Chưa gửi: Lazada từ chối lệnh chat vì ứng dụng này không thuộc loại IM.
err-zalo-too-long = Chưa gửi: Zalo chỉ nhận tối đa { $max } ký tự mỗi tin; hãy rút ngắn.
err-zalo-window-never = Chưa gửi: khách chưa nhắn cho Zalo OA, và OA chỉ được trả lời sau tin nhắn của khách.
err-zalo-window-48h = Chưa gửi: khách nhắn lần cuối đã hơn 48 giờ; sau đó Zalo tính là tin chủ động (có phí), orderdeck không gửi. Hãy chờ khách nhắn lại.
err-zalo-window-replies = Chưa gửi: đã dùng hết { $max } tin phản hồi miễn phí Zalo cho phép sau tin nhắn cuối của khách; tin tiếp theo là tin chủ động (có phí). Hãy chờ khách nhắn lại.
err-zalo-not-connected = Zalo OA chưa được kết nối: chạy `orderdeck assistant zalo-connect --code CODE` với mã từ trang cấp quyền của OA.
err-zalo-token = Zalo từ chối access token của OA, kể cả sau khi làm mới: hãy kết nối lại OA (`orderdeck assistant zalo-connect`).
err-zalo-oauth-refused = Zalo từ chối yêu cầu cấp token ({ $reason }). Refresh token chỉ dùng được một lần và có hạn; hãy kết nối lại OA (`orderdeck assistant zalo-connect`).
err-zalo-zns-phone = Chưa gửi qua ZNS: số điện thoại không phải số Việt Nam hợp lệ (Zalo cần dạng 84xxxxxxxxx).
err-zalo-zns-template = Chưa gửi qua ZNS: Zalo không biết mẫu { $template } (chưa được duyệt, hoặc của OA khác); kiểm tra [assistant.zalo.zns].
err-zalo-zns-data = Chưa gửi qua ZNS: dữ liệu mẫu trống hoặc không khớp các tham số của mẫu (lỗi Zalo { $code }); kiểm tra data trong [assistant.zalo.zns].
err-zalo-zns-unsupported = Chưa gửi qua ZNS: ứng dụng Zalo của khách quá cũ để nhận tin này.
err-zalo-zns-app = Chưa gửi qua ZNS: ứng dụng Zalo hoặc OA chưa được thiết lập cho ZNS (lỗi Zalo { $code }): kiểm tra ứng dụng, xác thực OA và quyền ZNS.
err-zalo-zns-night = Chưa gửi qua ZNS: mẫu này chỉ được gửi từ 07:00 đến 22:00.
err-zalo-zns-no-template = Chưa cấu hình mẫu ZNS cho thông báo này.
err-zalo-refused = Zalo từ chối ({ $code }): { $message }
err-zalo-unreachable = Không kết nối được Zalo: { $reason }
err-zalo-unreadable = Zalo trả về nội dung không đọc được: { $excerpt }
err-zalo-tokens-store = Không đọc hoặc lưu được token Zalo: { $reason }
