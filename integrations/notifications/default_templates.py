"""The Turkish notification texts of the seeds (000: WhatsApp templates, SMS texts).

Rows in the database (editable by staff in the admin) take precedence; these are the defaults a
missing row falls back to, and what the data migration first wrote.
"""

from __future__ import annotations

SIGNATURE = " - BanaYeni SanaEski"

# (event, channel, subject, body, html_body, provider template name, variables in order)
DEFAULT_TEMPLATES: list[tuple[str, str, str, str, str, str, list[str]]] = [
    (
        "interest_received",
        "whatsapp",
        "",
        "Merhaba {{ seller_name }}, {{ part_name }} parçanıza {{ buyer_name }} ilgi gösterdi.",
        "",
        "interest_notification",
        ["seller_name", "part_name", "buyer_name"],
    ),
    (
        "interest_received",
        "sms",
        "",
        "Merhaba {{ seller_name }}, {{ part_name }} parçanıza {{ buyer_name }} ilgi gösterdi. "
        "{{ conversation_url }}" + SIGNATURE,
        "",
        "",
        [],
    ),
    (
        "interest_received",
        "email",
        "{{ part_name }} parçanıza ilgi var",
        "Merhaba {{ seller_name }},\n\n{{ buyer_name }}, {{ part_name }} parçanızla ilgileniyor. "
        "Sohbete buradan ulaşabilirsiniz:\n{{ conversation_url }}\n\nBanaYeni SanaEski",
        "<p>Merhaba {{ seller_name }},</p><p><strong>{{ buyer_name }}</strong>, "
        "<strong>{{ part_name }}</strong> parçanızla ilgileniyor.</p>"
        '<p><a href="{{ conversation_url }}">Sohbete git</a></p><p>BanaYeni SanaEski</p>',
        "",
        [],
    ),
    (
        "interest_approved",
        "whatsapp",
        "",
        "İlginiz onaylandı! {{ seller_name }} ile iletişim kurabilirsiniz: {{ seller_phone }}",
        "",
        "approval_notification",
        ["seller_name", "seller_phone"],
    ),
    (
        "interest_approved",
        "sms",
        "",
        "İlginiz onaylandı! {{ seller_name }} ile iletişim kurabilirsiniz: {{ seller_phone }}"
        + SIGNATURE,
        "",
        "",
        [],
    ),
    (
        "interest_approved",
        "email",
        "İlginiz onaylandı: {{ part_name }}",
        "İlginiz onaylandı! {{ seller_name }} ile iletişim kurabilirsiniz: {{ seller_phone }}\n\n"
        "{{ conversation_url }}\n\nBanaYeni SanaEski",
        "<p>İlginiz onaylandı! <strong>{{ seller_name }}</strong> ile iletişim kurabilirsiniz: "
        '<a href="tel:{{ seller_phone }}">{{ seller_phone }}</a></p>'
        '<p><a href="{{ conversation_url }}">Sohbete git</a></p>',
        "",
        [],
    ),
    (
        "payment_reminder",
        "whatsapp",
        "",
        "{{ buyer_name }}, {{ part_name }} için ödeme bekleniyor. Detaylar: {{ payment_link }}",
        "",
        "payment_reminder",
        ["buyer_name", "part_name", "payment_link"],
    ),
    (
        "payment_reminder",
        "sms",
        "",
        "{{ buyer_name }}, {{ part_name }} için ödeme bekleniyor. Detaylar: {{ payment_link }}"
        + SIGNATURE,
        "",
        "",
        [],
    ),
    (
        "payment_reminder",
        "email",
        "{{ part_name }} için ödeme bekleniyor",
        "{{ buyer_name }}, {{ part_name }} için ödeme bekleniyor. Detaylar: {{ payment_link }}",
        "",
        "",
        [],
    ),
    (
        "new_message",
        "sms",
        "",
        "{{ sender_name }}, {{ part_name }} hakkında size mesaj yazdı: {{ conversation_url }}"
        + SIGNATURE,
        "",
        "",
        [],
    ),
    (
        "new_message",
        "email",
        "{{ sender_name }} size mesaj gönderdi",
        "{{ sender_name }}, {{ part_name }} hakkında size mesaj yazdı:\n\n{{ excerpt }}\n\n"
        "Yanıtlamak için: {{ conversation_url }}\n\nBanaYeni SanaEski",
        "<p><strong>{{ sender_name }}</strong>, <strong>{{ part_name }}</strong> hakkında size "
        "mesaj yazdı:</p><blockquote>{{ excerpt }}</blockquote>"
        '<p><a href="{{ conversation_url }}">Yanıtla</a></p>',
        "",
        [],
    ),
    (
        "welcome",
        "email",
        "BanaYeni SanaEski'ye hoş geldiniz",
        "Merhaba {{ recipient_name }},\n\nBanaYeni SanaEski'ye hoş geldiniz! Aradığınız yedek "
        "parçayı bulmak ya da ilan vermek için: {{ site_url }}\n\nBanaYeni SanaEski",
        "<p>Merhaba {{ recipient_name }},</p><p>BanaYeni SanaEski'ye hoş geldiniz! "
        '<a href="{{ site_url }}">Parça arayın ya da ilan verin</a>.</p>',
        "",
        [],
    ),
    (
        "password_reset",
        "email",
        "BanaYeni SanaEski: Şifrenizi sıfırlayın",
        "Merhaba,\n\nBirisi (umarız siz) hesabınızın şifresini sıfırlamak istedi. Yeni bir şifre "
        "belirlemek için bu bağlantıyı açın:\n{{ reset_url }}\n\nBu işlemi siz yapmadıysanız bu "
        "e-postayı dikkate almayın; şifreniz değişmeyecektir.\n\nBanaYeni SanaEski\n{{ site_url }}",
        "<p>Merhaba,</p><p>Birisi (umarız siz) hesabınızın şifresini sıfırlamak istedi. Yeni bir "
        'şifre belirlemek için <a href="{{ reset_url }}">bu bağlantıyı</a> açın:<br>'
        "{{ reset_url }}</p><p>Bu işlemi siz yapmadıysanız bu e-postayı dikkate almayın; "
        'şifreniz değişmeyecektir.</p><p><a href="{{ site_url }}">BanaYeni SanaEski</a></p>',
        "",
        [],
    ),
    (
        "listing_approved",
        "email",
        "İlanınız yayında: {{ part_name }}",
        "{{ part_name }} ilanınız onaylandı ve yayında: {{ part_url }}",
        "",
        "",
        [],
    ),
    (
        "listing_approved",
        "sms",
        "",
        "{{ part_name }} ilanınız onaylandı ve yayında." + SIGNATURE,
        "",
        "",
        [],
    ),
    (
        "listing_rejected",
        "email",
        "İlanınız yayınlanamadı: {{ part_name }}",
        "{{ part_name }} ilanınız yayınlanamadı. Neden: {{ reason }}",
        "",
        "",
        [],
    ),
    (
        "listing_photos_delayed",
        "email",
        "Fotoğraflarınız gecikti: {{ part_name }}",
        "{{ part_name }} ilanınızın fotoğrafları henüz hazırlanamadı, bu yüzden ilanınız henüz "
        "yayında değil. Fotoğraflar hazır olunca ilanınız kendiliğinden yayına girer. Bu durum "
        "sürerse fotoğrafları ilanınızdan silip yeniden ekleyin: {{ part_url }}",
        "",
        "",
        [],
    ),
    (
        "listing_photos_delayed",
        "sms",
        "",
        "{{ part_name }} ilanınızın fotoğrafları henüz hazırlanamadı; hazır olunca ilan yayına "
        "girer. {{ part_url }}" + SIGNATURE,
        "",
        "",
        [],
    ),
    (
        "listing_expiring",
        "email",
        "İlanınızın süresi doluyor: {{ part_name }}",
        "{{ part_name }} ilanınız {{ expires_on }} tarihinde yayından kalkacak. Yayında kalması "
        "için İlanlarım sayfasından süresini uzatabilirsiniz: {{ renew_url }}",
        "",
        "",
        [],
    ),
    (
        "listing_expiring",
        "sms",
        "",
        "{{ part_name }} ilanınız {{ expires_on }} tarihinde yayından kalkacak. Süresini uzatmak "
        "için: {{ renew_url }}" + SIGNATURE,
        "",
        "",
        [],
    ),
    (
        "user_warning",
        "email",
        "Hesabınızla ilgili bir uyarı",
        "Merhaba {{ name }},\n\nHesabınız hakkında yapılan bir şikâyeti ({{ reason }}) inceledik. "
        "Lütfen kullanım koşullarına uyun; tekrarlanırsa ilanlarınız askıya alınabilir ve "
        "hesabınız kapatılabilir.\n\nBanaYeni SanaEski",
        "",
        "",
        [],
    ),
    (
        "user_warning",
        "sms",
        "",
        "Hesabınız hakkındaki bir şikâyeti ({{ reason }}) inceledik. Lütfen kullanım koşullarına "
        "uyun; tekrarlanırsa hesabınız kapatılabilir." + SIGNATURE,
        "",
        "",
        [],
    ),
    (
        "otp",
        "sms",
        "",
        "BanaYeni SanaEski doğrulama kodunuz: {{ code }}",
        "",
        "",
        [],
    ),
    (
        "order_update",
        "whatsapp",
        "",
        "{{ name }}, {{ part_name }} siparişiniz: {{ summary }} {{ order_url }}",
        "",
        "order_update",
        ["name", "part_name", "summary", "order_url"],
    ),
    (
        "order_update",
        "sms",
        "",
        "{{ part_name }} siparişiniz: {{ summary }} {{ order_url }}" + SIGNATURE,
        "",
        "",
        [],
    ),
    (
        "order_update",
        "email",
        "{{ part_name }} siparişiniz",
        "Merhaba {{ name }},\n\n{{ summary }}\n\nSiparişe buradan ulaşabilirsiniz:\n"
        "{{ order_url }}\n\nBanaYeni SanaEski",
        "<p>Merhaba {{ name }},</p><p>{{ summary }}</p>"
        '<p><a href="{{ order_url }}">Siparişe git</a></p><p>BanaYeni SanaEski</p>',
        "",
        [],
    ),
    (
        "part_sold",
        "sms",
        "",
        "İlgilendiğiniz {{ part_name }} satıldı. Benzer parçalar: {{ search_url }}" + SIGNATURE,
        "",
        "",
        [],
    ),
    (
        "part_sold",
        "email",
        "{{ part_name }} satıldı",
        "Merhaba {{ name }},\n\nİlgilendiğiniz {{ part_name }} başka bir alıcıya satıldı. "
        "İlginiz için teşekkür ederiz; benzer parçalara buradan bakabilirsiniz:\n{{ search_url }}"
        "\n\nBanaYeni SanaEski",
        "<p>Merhaba {{ name }},</p><p>İlgilendiğiniz <strong>{{ part_name }}</strong> başka bir "
        "alıcıya satıldı. İlginiz için teşekkür ederiz.</p>"
        '<p><a href="{{ search_url }}">Benzer parçalar</a></p>',
        "",
        [],
    ),
]
