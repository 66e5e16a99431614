// The sample catalogues of shared/samples (also the demo's, src/app/demo/), byte for byte, for the
// integration tests that import them over HTTP.
#pragma once

#include <string_view>

namespace x8::testing {

// /work/shared/samples/flower-shop.csv, byte for byte.
inline constexpr std::string_view kFlowerShop =
    "Product Name,Category,Colour,Size,Price (EUR),In stock,Description,Photo\n"
    "Red roses bouquet,Bouquets,red,S (11 stems),29.90,yes,Classic bouquet of fresh red "
    "roses,red-roses-s.jpg\n"
    "Red roses bouquet,Bouquets,red,M (25 stems),54.90,yes,Classic bouquet of fresh red "
    "roses,red-roses-m.jpg\n"
    "Red roses bouquet,Bouquets,red,L (51 stems),99.00,yes,Classic bouquet of fresh red "
    "roses,red-roses-l.jpg\n"
    "White lilies,Bouquets,white,M,39.50,yes,\"Fragrant white lilies, 7 stems\",white-lilies.jpg\n"
    "Tulip mix,Bouquets,mixed,M (15 stems),24.00,yes,\"Seasonal tulips in mixed colours\",tulips.jpg\n"
    "Sunflower trio,Bouquets,yellow,S,19.90,no,Three large sunflowers with greenery,sunflowers.jpg\n"
    "Orchid in pot,Plants,white,one size,45.00,yes,\"Phalaenopsis orchid, ceramic pot\",orchid.jpg\n"
    "Succulent set,Plants,green,3 pcs,18.50,yes,Three small succulents in concrete pots,succulents.jpg\n"
    "Greeting card,Extras,,one size,3.50,yes,Handwritten card with your message,\n"
    "Vase (glass),Extras,clear,medium,12.00,yes,Simple glass vase for medium bouquets,vase.jpg\n";

// /work/shared/samples/beauty-salon-ru.csv, byte for byte.
inline constexpr std::string_view kBeautySalon =
    "Название услуги;Категория;Длительность (мин);Цена, "
    "₽;Формат;Описание\n"
    "Стрижка женская;Волосы;60;2500;офлайн;Стрижка, мытьё и укладка\n"
    "Стрижка мужская;Волосы;40;1500;офлайн;Классическая или модельная стрижка\n"
    "Окрашивание в один тон;Волосы;120;4800;офлайн;Окрашивание корней и длины\n"
    "Маникюр с покрытием;Ногти;90;2200;офлайн;Аппаратный маникюр и гель-лак\n"
    "Консультация стилиста;Консультации;30;0;онлайн;Бесплатная видеоконсультация по образу\n"
    "Разбор гардероба;Консультации;90;3500;онлайн;Онлайн-разбор гардероба с рекомендациями\n";

}  // namespace x8::testing
