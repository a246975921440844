# Dòng lệnh: những gì các lệnh `orderdeck` nói với người dùng (stdout, stderr, lỗi).
# Dữ liệu (con số, SKU, tên, đường dẫn, lời của nhà cung cấp) đi vào dưới dạng giá trị.

## Tệp và dữ liệu nhập

cli-cannot-open = không mở được { $path }
cli-cannot-read = không đọc được { $path }
cli-cannot-read-utf8 = không đọc được { $path } dưới dạng văn bản UTF-8
cli-cannot-write = không ghi được { $path }
cli-input-too-large = { $path } lớn hơn { $mib } MiB: từ chối, không nhập gì
cli-decimal-flag = --decimal `{ $given }`: comma (1.250.000,00) hoặc point (1,250,000.00)
cli-not-utf8 = không phải văn bản UTF-8
cli-at-line = dòng { $line }: { $problem }
cli-at-order = đơn thứ { $index }: { $problem }
cli-and-more = … và { $count } mục nữa
cli-not-json-array = không phải mảng JSON: { $problem }
cli-nothing-imported = không nhập gì; { $count } lỗi:

## Đơn hàng

cli-orders-imported = đã nhập { $created } đơn ({ $reserved } sẵn sàng đóng gói, { $backordered } chờ hàng), bỏ qua { $duplicates } đơn trùng, trong { $seconds } giây
cli-order-created = đã tạo { $number }: { $status }
cli-order-created-short = đã tạo { $number }: { $status } ({ $shortages })
cli-order-duplicate = trùng: đã nhận trước đó với số { $number }; không thay đổi gì
cli-order-bad-json = đơn hàng không phải JSON đúng cấu trúc: { $problem }
cli-no-order = không có đơn { $number }
cli-order-buyer = người mua: { $name } { $phone }
cli-order-ship-to = giao đến: { $address }
cli-order-line = { $qty } × { $sku } { $name } @ { $price } (đã giữ { $reserved })
cli-order-cancelled = đã hủy { $number }; đã bỏ giữ hàng

## Tồn kho

cli-no-sku = không có SKU { $sku }
cli-stock-col-warehouse = kho
cli-stock-col-on-hand = tồn thực tế
cli-stock-col-reserved = đã giữ
cli-stock-col-available = có thể bán

## Đơn mua hàng (PO)

cli-po-late = TRỄ
cli-po-nothing-to-order = không cần đặt thêm: mọi đơn chờ hàng đã có đơn mua hàng đang mở
cli-po-drafted = đã tạo nháp { $numbers }
cli-po-no-supplier = chưa biết nhà cung cấp cho { $skus }: không tạo nháp cho các mã này
cli-po-confirmed = đã xác nhận { $number }
cli-po-received = đã nhập kho { $number }: { $status }
cli-po-ready-to-pack = giờ đã sẵn sàng đóng gói: { $numbers }
cli-po-cancelled = đã hủy { $number }

## Sản phẩm

cli-products-imported = đã nhập { $products } sản phẩm, { $variants } biến thể, { $moves } lần ghi tồn kho đầu kỳ

## Thiết lập: tệp cấu hình, tệp khóa, nhật ký, mật khẩu

cli-config-readable-going-on = CẢNH BÁO: { $path } chứa mật khẩu hoặc token và người dùng khác đọc được (quyền { $mode }); vẫn tiếp tục vì có --insecure-config: chmod 600 { $path }
cli-config-readable-refused = { $path } chứa mật khẩu hoặc token và người dùng khác đọc được (quyền { $mode }): chmod 600 { $path } (hoặc thêm --insecure-config để vẫn tiếp tục)
cli-no-data-dir = không có thư mục dữ liệu: hãy thêm --data-dir
cli-config-operator-ignored = `operator` trong tệp cấu hình không còn được đọc: sự kiện ghi theo tài khoản đăng nhập cơ sở dữ liệu (đặt `db_user` hoặc thêm --user)
cli-tokens-unsealed-make = token được lưu không mã hóa: không tạo được { $path }: { $problem }
cli-tokens-unsealed-read = token được lưu không mã hóa: không đọc được { $path }: { $problem }
cli-key-file = tệp khóa { $path }
cli-not-logging = không ghi nhật ký: không ghi được vào { $path }: { $problem }
# Lời nhắc: chương trình tự thêm một dấu cách phía sau.
cli-password-for = Mật khẩu của { $login }:
cli-reading-password = đang đọc mật khẩu
cli-no-config-folder = nền tảng này không có thư mục cấu hình; hãy thêm --config

## config check

cli-check-not-configured = chưa cấu hình
cli-check-works = hoạt động (trả lời sau { $ms } ms)
cli-check-fails = LỖI: { $problem }
cli-check-failed = { $count } nhà cung cấp đã cấu hình không trả lời đúng

## db, migrate

cli-schema-version = lược đồ cơ sở dữ liệu ở phiên bản { $version }
cli-db-shared = PostgreSQL dùng chung tại { $url }
cli-db-shared-not-stopped = máy chủ dùng chung không do orderdeck dừng; không làm gì
cli-db-stopped = đã dừng PostgreSQL nhúng
cli-db-was-not-running = PostgreSQL nhúng không chạy

## Bảng điều khiển

cli-console-starting-embedded = đang khởi động PostgreSQL nhúng trong { $path } …
cli-console-no-role = { $login } không thuộc vai trò nào của cửa hàng: quản trị viên hãy chạy `orderdeck users role { $login } packer` (hoặc support, manager, admin)
cli-console-demo-owner-only = --demo nạp dữ liệu vào cơ sở dữ liệu: chỉ chủ sở hữu (quản trị viên) được làm

## worker

cli-worker-nothing-to-do = không có việc gì: chưa cấu hình đơn vị vận chuyển nào ([carriers.ghn] hoặc [carriers.viettelpost]), xuất hóa đơn tự động đang tắt (invoicing.auto_provider), chưa cấu hình cửa hàng nào ([channels.shopee], [channels.lazada], [channels.tiktok], [storefronts.<mã>]) và không có địa chỉ --listen
cli-worker-not-allowed = { $login } không được chạy tác vụ nền (chúng xuất hóa đơn và ghi tin đăng): hãy chạy `orderdeck worker` bằng chủ sở hữu cơ sở dữ liệu, hoặc tài khoản manager hay admin
cli-worker-cannot-listen = không lắng nghe được trên { $address }
cli-worker-webhooks = nhận webhook tại { $url }

## users

cli-users-none-yet = Chưa có ai: mọi người đăng nhập bằng { $login } (quản trị viên).
cli-users-add-one = Thêm một người: { $example }
cli-users-col-login = TÀI KHOẢN
cli-users-col-role = VAI TRÒ
cli-users-col-sign-in = ĐĂNG NHẬP
cli-users-col-name = HỌ TÊN
cli-users-no-role = không có (không được làm gì)
cli-users-owner-note = chủ sở hữu cơ sở dữ liệu: mọi quyền, kể cả nâng cấp lược đồ
cli-users-no-roles-in-db = Cơ sở dữ liệu này không có vai trò orderdeck (chủ sở hữu không tạo được): mọi kết nối đều là chủ sở hữu.
# Lời nhắc: chương trình tự thêm một dấu cách phía sau.
cli-password-again = Nhập lại lần nữa:
cli-passwords-differ = hai mật khẩu không khớp: không thay đổi gì
cli-users-added = đã thêm { $login } với vai trò { $role }. Người này đăng nhập bằng: orderdeck --user { $login }
cli-users-role-set = { $login } giờ có vai trò { $role }
cli-users-disabled = { $login } không còn đăng nhập được

## Trả hàng

cli-return-received = phiếu trả hàng { $id } của đơn { $number }: { $restocked } nhập lại kho, { $written_off } xuất hủy; đơn giờ là { $status }
cli-return-refund-recorded = đã ghi nhận hoàn tiền { $id }
cli-return-exchange-order = đổi hàng: đơn thay thế { $number }
cli-return-exchange-failed = CHƯA đổi hàng: { $problem }
cli-return-invoice-replaced = đã xuất hóa đơn thay thế { $invoice } (thay cho { $replaced }); mã của cơ quan thuế: { $code }

## Địa giới (places)

cli-places-carrier-flag = --carrier `{ $given }`: dùng ghn
cli-places-fetched = { $carrier }: đã tải { $provinces } tỉnh/thành, { $districts } quận/huyện, { $wards } phường/xã trong { $seconds } giây
cli-places-never-fetched = chưa từng tải danh sách địa giới của { $carrier }: `orderdeck places refresh` (lô gửi đầu tiên cũng tự tải)
cli-places-status = { $carrier }: { $provinces } tỉnh/thành, { $districts } quận/huyện, { $wards } phường/xã, tải lúc { $fetched }
cli-places-stale = đã quá một tuần: sẽ tải lại ở lần dùng tới
cli-places-give-address = hãy nhập địa chỉ: phường/xã, quận/huyện, tỉnh/thành (cách nhau bằng dấu phẩy)
cli-places-candidates = các lựa chọn (mã phường/xã, địa danh):

## Tin đăng trên sàn (listings)

cli-listings-pulled = { $listings } tin đăng trên gian hàng: { $matched } khớp SKU của ta ({ $new } mới), { $unmatched } không khớp, { $ambiguous } không rõ; { $gone } không còn đăng; { $not_listed } SKU đang bán của ta chưa đăng ở đó
cli-listings-unmatched = không khớp (SKU không phải của ta)
cli-listings-ambiguous = không rõ (SKU khớp nhiều mã của ta)
cli-listings-sync-pull-push = { $channel }: đồng bộ sản phẩm (tải về, rồi đăng lên)
cli-listings-sync-pull = { $channel }: đồng bộ sản phẩm (tải về)
cli-listings-pushed = vừa đăng: { $created }; tìm thấy sau khi tạo bị quá giờ: { $found }; chưa đăng: { $failed }
cli-listings-listed = đã đăng
cli-listings-not-listed = chưa đăng
cli-listings-pushes-queued = đã xếp hàng cập nhật tồn kho cho các tin đăng đã khớp; tác vụ nền sẽ gửi đi
cli-no-marketplace-configured = chưa cấu hình gian hàng nào trên sàn ([channels.shopee], [channels.lazada], [channels.tiktok])
cli-listings-drained = { $rows } biến thể: { $calls } lần gọi cập nhật tồn kho, { $pushed } tin đăng đã cập nhật, { $skipped } đã đúng sẵn, { $refused } bị từ chối, { $rescheduled } để lại sau, { $unconfigured } thuộc gian hàng chưa cấu hình ở đây
cli-listings-queue = hàng đợi tồn kho: { $pending } biến thể đang chờ, { $due } đến hạn, { $failing } đang lỗi
cli-listings-last-error = lỗi gần nhất: { $problem }
cli-listings-no-channel = chưa có kênh bán nào trên sàn
cli-listings-channel = { $channel }: { $listings } tin đăng, { $matched } khớp biến thể của ta, { $refused } bị từ chối ở lần cập nhật tồn kho gần nhất; đồng bộ sản phẩm { $ran }
cli-listings-sync-last-ran = chạy lần cuối { $time }
cli-listings-sync-never-ran = chưa chạy lần nào
cli-listings-sync-failed = lỗi: { $problem }
cli-listings-window = đồng bộ sản phẩm tự chạy hằng ngày trong khung { $window } (giờ địa phương)
cli-listings-on-demand = đồng bộ sản phẩm chỉ chạy khi được yêu cầu (đặt [listings] product_sync_window)

## Kênh bán (channels)

cli-channels-not-marketplace = `{ $given }` không phải sàn: shopee, lazada hoặc tiktok
cli-channels-not-configured = { $channel } chưa được cấu hình: thêm { $section } vào tệp cấu hình
cli-channels-never = chưa bao giờ
cli-channels-tiktok-link = TikTok Shop: dùng liên kết ủy quyền của ứng dụng trong Partner Center (hoặc đặt [channels.tiktok] authorize_url), rồi chạy `orderdeck channels connect tiktok --code …`
cli-channels-bad-link = URL gốc đã cấu hình không tạo được liên kết hợp lệ
cli-channels-authorised = đã ủy quyền gian hàng { $channel } { $shop }: đã lưu token (access token { $token } đến { $until })
cli-channels-no-channel-yet = { $channel }: chưa có kênh bán (tạo ở lần dùng đầu tiên)
cli-channels-tokens = token: access { $access } đến { $access_until }, refresh { $refresh } đến { $refresh_until }
cli-channels-no-tokens = token: chưa có — hãy ủy quyền gian hàng (`orderdeck channels connect { $channel }`)
cli-channels-tokens-problem = token: { $problem }
cli-channels-last-pull = lần tải đơn gần nhất: { $time }
cli-channels-last-error = lỗi gần nhất ({ $time }): { $problem }
cli-channels-not-taken-in = đơn chưa nhận vào được ({ $count }):
cli-channels-problem = { $id }: { $reason } ({ $attempts } lần thử)
cli-channels-no-shop = không có gian hàng `{ $shop }`: các mã có ở màn hình 9 (shopee, lazada, tiktok, …)
cli-channels-buffer-set = { $shop }: giữ lại { $buffer } đơn vị; { $listings } tin đăng của gian hàng đã xếp hàng cập nhật tồn kho
cli-channels-shop-vanished = gian hàng `{ $shop }` vừa bị xóa trong lúc này

## Hóa đơn

cli-invoice-template-flag = --template `{ $given }`: dùng vat hoặc sales
cli-invoice-provider-flag = --provider `{ $given }`: dùng sinvoice hoặc misa
cli-invoice-issued = { $order }: đã xuất hóa đơn { $invoice } qua { $provider }
cli-invoice-tax-code = mã của cơ quan thuế: { $code }
cli-invoice-recovered = { $provider } lúc đầu trả lời không rõ ràng; đã tìm thấy theo giao dịch { $transaction }: đây chính là hóa đơn đó, không phải hóa đơn thứ hai
cli-invoice-pdf-not-fetched = chưa tải PDF về; `orderdeck invoice pdf { $order } --out FILE` sẽ tải
cli-invoice-pdf-written = đã ghi { $bytes } byte vào { $path }
cli-invoice-sent = đã gửi hóa đơn { $invoice } đến { $to }
cli-invoice-replace-what = hãy nêu số đơn, hoặc phiếu trả hàng bằng --return N
cli-invoice-nothing-to-replace = đơn của phiếu này chưa có hóa đơn đã xuất để thay thế
cli-invoice-replaced = { $order }: đã xuất hóa đơn thay thế { $invoice }; mã của cơ quan thuế: { $code }
cli-invoice-pdf-wrote = đã ghi { $path } ({ $pages } trang)
cli-invoice-cannot-issue-yet = Chưa thể xuất:
cli-invoice-cannot-draw = không dựng được hóa đơn của { $order }
cli-invoice-auto-off = xuất hóa đơn tự động đang tắt (chưa đặt invoicing.auto_provider)
cli-invoice-auto-since = xuất hóa đơn tự động qua { $provider } từ { $since }
cli-invoice-auto-first-round = xuất hóa đơn tự động qua { $provider }: bắt đầu từ lượt chạy đầu tiên (các đơn hoàn thành sau đó)
cli-invoice-would-issue = sẽ xuất ngay: { $orders }
cli-invoice-older-heading = hoàn thành trước khi bật, chỉ xuất khi được yêu cầu (`invoice auto --older`, hoặc `invoice issue ORDER`):
cli-invoice-completed-on = hoàn thành { $date }
cli-invoice-auto-off-refused = xuất hóa đơn tự động đang tắt: đặt invoicing.auto_provider (sinvoice hoặc misa), hoặc xuất từng đơn bằng `invoice issue ORDER --provider …`
cli-invoice-auto-provider-bad = invoicing.auto_provider = `{ $given }`: dùng sinvoice hoặc misa
cli-invoice-auto-template-bad = invoicing.auto_template = `{ $given }`: dùng vat hoặc sales
cli-invoice-auto-issued = đã xuất: { $orders }
cli-invoice-auto-not-issued = chưa xuất: { $order }: { $problem }
cli-invoice-auto-unsure = { $count } câu trả lời không rõ: vẫn ở trạng thái đang xuất, lần sau sẽ tra cứu trước
cli-invoice-auto-older-waiting = { $count } đơn cũ cần hóa đơn nhưng đã hoàn thành trước khi bật xuất tự động: `invoice auto --dry-run` liệt kê, `--older` xuất các đơn đó
cli-invoice-none = không có

## Gửi hàng

cli-ship-required-note-bad = shipping.required_note = `{ $given }`: dùng may_try, may_look hoặc may_not_look
cli-ship-size-flag = --size phải là DàixRộngxCao theo cm, ví dụ 30x20x10 (nhận được `{ $given }`)
cli-ship-size-not-whole = --size: `{ $given }` không phải số cm nguyên
cli-ship-weight-zero = --weight phải lớn hơn 0 kg
cli-ship-weight-max = --weight tối đa 50 kg
cli-ship-carrier-flag = --carrier `{ $given }`: dùng ghn hoặc viettelpost
cli-ship-service-flag = --service `{ $given }`: dùng express hoặc economy
cli-ship-payer-flag = --payer `{ $given }`: dùng seller hoặc buyer
cli-ship-note-code-flag = --note-code `{ $given }`: dùng may_try, may_look hoặc may_not_look
cli-ship-fix-address = hãy sửa địa chỉ của đơn
cli-ship-pick-ward = chọn một mã bằng --ward ID
cli-ship-quote = { $service }: phí { $fee }; người mua trả { $at_door }
cli-ship-quote-to = { $service } đến { $place }: phí { $fee }; người mua trả { $at_door }
cli-ship-shipped = đã gửi { $order } qua { $carrier } ({ $service }), phí { $fee }, COD { $cod }
cli-ship-recovered = hãng VC đã có kiện này từ lần thử trước

## Lô gửi

cli-no-shipment = không có lô gửi { $tracking }
cli-shipment-no-tracking-yet = (chưa có mã vận đơn)
cli-shipment-parcel = đơn { $order }, COD { $cod }, phí { $fee }, { $grams } g, { $length }×{ $width }×{ $height } cm, { $note }
cli-shipment-cod-received = đã nhận COD: { $amount } ngày { $date }
cli-shipment-last-error = lỗi gần nhất: { $problem }
cli-shipments-none-need-attention = không có lô gửi nào cần xử lý
cli-shipment-redeliver-asked = đã yêu cầu hãng VC giao lại { $tracking }
cli-shipment-return-asked = đã yêu cầu hãng VC hoàn { $tracking } về cho shop
cli-shipment-cancel-asked = đã yêu cầu hãng VC hủy { $tracking }
cli-shipment-noted = đã ghi chú vào lịch sử đơn
cli-shipments-polled = đã hỏi { $asked } kiện hàng: { $new_events } sự kiện mới, { $changed } đổi trạng thái, { $failed } lỗi

## Trạng thái lô gửi


## Nhãn vận đơn, in

cli-label-unknown-carrier = hãng VC không xác định
cli-label-format-flag = --format `{ $given }`: dùng pdf, zpl hoặc carrier
cli-label-kind-html = trang in HTML
cli-label-kind-pdf = tệp PDF
cli-label-kind-zpl = ZPL cho máy in nhãn
cli-label-kind-unknown = tệp không rõ loại
cli-label-wrong-extension = nhãn vận đơn của { $tracking } là { $kind }, không phải .{ $given }: hãy ghi thành { $path } (hoặc dùng --format pdf cho nhãn 100×150 mm của orderdeck)
cli-label-written = đã ghi nhãn vận đơn của { $tracking } ({ $kind }) vào { $path }
cli-label-open-in-browser = nhãn vận đơn của hãng cho { $tracking } là { $kind }: mở { $path } bằng trình duyệt để in
cli-label-printed = đã gửi nhãn vận đơn của { $tracking } tới máy in
cli-print-command-empty = shipping.print_command đang để trống
cli-print-command-cannot-run = không chạy được lệnh in `{ $command }` (đặt shipping.print_command, hoặc dùng --out FILE)
cli-print-command-failed = lệnh in `{ $command }` thất bại ({ $status })

## COD

cli-cod-received = đã ghi nhận nhận tiền COD { $amount } của { $tracking }
cli-cod-matched = { $count } dòng khớp và đã ghi nhận
cli-cod-mismatch = { $tracking } trả { $paid }, ta yêu cầu { $expected } — không áp dụng
cli-cod-unknown = mã vận đơn lạ { $tracking } — không áp dụng
cli-cod-already = { $tracking } đã được ghi nhận trước đó — không áp dụng lại
cli-cod-file-too-large = { $path } lớn hơn 50 MB: không phải tệp COD
cli-file-not-utf8 = { $path } không phải văn bản UTF-8

## main, demo

cli-no-runtime = không khởi động được bộ chạy bất đồng bộ: { $problem }
cli-role-may-not = vai trò của bạn không được làm việc này; không thay đổi gì (`orderdeck users me` cho biết vai trò, quản trị viên có thể đổi)
cli-built-without-demo = { $what }: bản orderdeck này được build không kèm trình mô phỏng, dữ liệu demo và benchmark (tính năng `demo`); hãy build với tính năng mặc định: cargo build --release
cli-demo-simulators = trình mô phỏng của bản demo
cli-users-disabled = đã khóa

## `orderdeck keymap`
cli-keys-title = Phím của bảng điều khiển
cli-keys-col-keys = Phím
cli-keys-col-does = Làm gì
cli-keys-col-where = Ở đâu
cli-keys-col-config = Trong tệp cấu hình
cli-keys-in-forms = biểu mẫu
cli-keys-in-questions = câu hỏi xác nhận
cli-keys-in-stations = bàn đóng gói, kiểm kê
cli-keys-everywhere = mọi nơi

## Marketplace fulfilment (issue 16)
cli-fulfil-no-dropoff = sàn không cho gửi tại bưu cục với đơn này (xem --options)
cli-fulfil-no-pickup = sàn không cho lấy hàng tận nơi với đơn này (xem --options)
cli-fulfil-unknown-address = không có địa chỉ lấy hàng { $id } cho đơn này (xem --options)
cli-fulfil-unknown-slot = không có khung giờ lấy hàng { $id } cho đơn này (xem --options)
cli-fulfil-progress = đã sắp xếp { $done }/{ $total }
cli-fulfil-some-failed = { $failed } đơn chưa được sắp xếp (mỗi dòng ghi lý do)
cli-fulfil-not-platform-parcel = { $key } không phải kiện hàng do sàn sắp xếp
cli-fulfil-decision-flag = quyết định là accept hoặc reject, không phải "{ $given }"
cli-ship-one-at-a-time = hãng vận chuyển của mình gửi từng đơn một; nhiều đơn một lúc chỉ dành cho một gian hàng trên sàn
cli-label-mixed = các mã này không cùng là kiện của sàn (phiếu gửi hàng) hay cùng là kiện của mình: hãy in riêng
## cancel
cli-cancel-reason-required = hãy cho biết lý do bằng --reason: một trong { $codes } (--note để thêm lời của bạn; bắt buộc với other)
cli-cancel-reason = lý do: { $reason }
cli-cancel-invoice-adjusted = hóa đơn { $invoice } đã được điều chỉnh giảm về 0 bằng hóa đơn điều chỉnh { $adjustment } (mã CQT { $code })
cli-cancel-invoice-owed = đơn { $number } đã hủy, nhưng hóa đơn { $invoice } vẫn còn hiệu lực: chưa xuất được hóa đơn điều chỉnh ({ $why }). Chạy lại `orderdeck orders cancel { $number } --reason { $code }` để xuất
## many
cli-stock-bin-set = { $sku } nằm ở vị trí kệ { $bin } trong kho { $warehouse }
cli-stock-bin-cleared = đã xóa vị trí kệ của { $sku } trong kho { $warehouse }
cli-stock-bin-no-warehouse = không có kho mã { $warehouse }
cli-stock-bin-too-long = vị trí kệ dài tối đa { $max } ký tự (mã kệ như A-03-2)

## lead (storefronts)
cli-serve-not-allowed = { $login } không được chạy cổng nhận (nó nhận đơn cho mọi kênh): hãy chạy `orderdeck serve` bằng chủ cơ sở dữ liệu, hoặc tài khoản quản lý hay quản trị
cli-serve-stopping = đang dừng: hoàn tất các yêu cầu đang xử lý …
cli-serve-api = API nhận đơn tại { $url } (khóa: `orderdeck keys create`)
cli-serve-chat = chat của website tại { $url } (khóa có quyền chat:write)
cli-serve-messenger = webhook của Trang Facebook tại { $url } (URL gọi lại cho App Dashboard, qua HTTPS)
cli-serve-zalo = webhook của Zalo OA tại { $url } (URL webhook cho phần cài đặt ứng dụng Zalo, qua HTTPS)
cli-zalo-no-config = Cấu hình chưa có [assistant.zalo]: hãy đặt app_id, app_secret và oa_secret_key trước.
cli-zalo-connected = Đã kết nối Zalo OA; access token dùng được đến { $until } và tự được làm mới.
cli-assistant-person = Cuộc trò chuyện này đang do nhân viên phụ trách: trợ lý không trả lời.
cli-serve-storefront = webhook của { $platform } tại { $url }

## intake-api
cli-api-keys-created = Đã tạo khóa API `{ $name }` (tiền tố { $prefix }, phạm vi { $scopes }). Mã token của khóa:
cli-api-keys-shown-once = Hãy sao chép mã token ngay: mã chỉ hiện một lần này (chỉ lưu giá trị băm); mất mã thì phải tạo khóa mới.
cli-api-keys-none = Chưa có khóa API nào. Tạo một khóa: { $example }
cli-api-keys-col-name = Tên
cli-api-keys-col-prefix = Tiền tố
cli-api-keys-col-scopes = Phạm vi
cli-api-keys-col-channel = Kênh
cli-api-keys-col-created = Ngày tạo
cli-api-keys-col-last-used = Dùng lần cuối
cli-api-keys-col-revoked = Thu hồi
cli-api-keys-any-channel = (mọi kênh riêng)
cli-api-keys-never = chưa dùng
cli-api-keys-revoked-now = Đã thu hồi khóa API `{ $name }`: mọi yêu cầu dùng khóa này bị từ chối từ bây giờ.
cli-api-keys-revoked-before = Khóa API `{ $name }` đã bị thu hồi trước đó; không có gì thay đổi.
cli-storefront-hooks = webhook tới { $path }: { $count } trong 24 giờ qua, gần nhất { $last }
cli-storefront-refused = { $count } bị từ chối trong 24 giờ qua (sai chữ ký: kiểm tra webhook_secret); gần nhất { $time }: { $reason }
